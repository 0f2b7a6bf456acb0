# Shared by the ensure-*.sh scripts (sourced, not run): installing Debian
# packages as root, or through sudo when there is one.

# Chooses how to run apt-get ($sudo: empty as root, else "sudo") and updates
# the package lists. Returns 1, saying nothing, when this is not root and
# there is no sudo: each caller knows what to tell the user then. A failed
# update ends the script, whatever context this is called in.
apt_ready() {
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || return 1
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || exit
}

# Whether the Debian release here carries the package.
apt_has() {
  apt-cache show "$1" >/dev/null 2>&1
}

# Installs the packages quietly, without recommends (after apt_ready).
apt_install() {
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
