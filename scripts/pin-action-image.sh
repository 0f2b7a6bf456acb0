#!/usr/bin/env bash
# Points action.yml's `runs.image` at one image, leaving everything else
# (including the input that is also called `image`) as it is.
#
# Usage: scripts/pin-action-image.sh IMAGE [ACTION_YML]
#   IMAGE  docker://ghcr.io/<owner>/schemagate:<version>   the published image
#                                     (the release workflow pins each release)
#          Dockerfile                 build this checkout's Dockerfile (the
#                                     repository's own `uses: ./` workflow, so
#                                     it tests this commit, not a release)
#   ACTION_YML  default: action.yml at the repository root.
# Exit 2 on a bad argument or an action.yml without `runs.image`.
set -euo pipefail

image=${1:-}
file=${2:-"$(dirname "$0")/../action.yml"}

if [[ "$image" != Dockerfile && ! "$image" =~ ^docker://[a-z0-9./_-]+:[A-Za-z0-9._-]+$ ]]; then
  echo "usage: $0 docker://REGISTRY/OWNER/NAME:TAG|Dockerfile [action.yml] (got ${image:-nothing})" >&2
  exit 2
fi
[[ -f "$file" ]] || { echo "error: $file does not exist" >&2; exit 2; }

# `image:` also names an input (indented the same): only the one inside the
# top-level `runs:` block counts.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk -v image="$image" '
  /^[^[:space:]#]/ { in_runs = ($0 ~ /^runs:/) }
  in_runs && /^[[:space:]]+image:/ && !done {
    match($0, /^[[:space:]]+/)
    print substr($0, 1, RLENGTH) "image: " image
    done = 1
    next
  }
  { print }
  END { if (!done) exit 3 }
' "$file" >"$tmp" || { echo "error: $file has no runs.image to pin" >&2; exit 2; }
cat "$tmp" >"$file"
echo "action.yml runs $image" >&2
