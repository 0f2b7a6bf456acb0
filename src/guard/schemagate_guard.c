/*
 * schemagate_guard: an in-server guard for throwaway servers that run
 * untrusted migrations.
 *
 * An emulation of the role protections of Supabase's supautils (its
 * `reserved_roles` and `reserved_memberships` settings; supautils' C source
 * is not used, its documented behaviour and tests are followed), plus two
 * walls supautils leaves to PostgreSQL's own checks:
 *
 *  - a non-superuser cannot grant membership in a reserved membership
 *    (pg_execute_server_program, pg_read_server_files, ...), cannot create,
 *    alter, rename or drop a reserved role, and cannot change a reserved
 *    role's memberships. A trailing `*` on a reserved role lets its settings
 *    (ALTER ROLE ... SET) still be changed, as in supautils;
 *  - a non-superuser cannot COPY to or from a server file or program, even
 *    as a member of the roles that normally allow it;
 *  - a non-superuser cannot call the server-file functions (pg_read_file,
 *    pg_read_binary_file, pg_stat_file, pg_ls_dir, lo_import, lo_export,
 *    adminpack's pg_file_*), even with EXECUTE granted.
 *
 * It works on parse trees inside the server (a ProcessUtility hook and an
 * object-access hook), so dynamic SQL (`EXECUTE 'gr' || 'ant ...'` in a DO
 * block, format(), event triggers) is stopped at the statement itself,
 * before the next one runs. Loaded only through shared_preload_libraries;
 * the lists are PGC_POSTMASTER settings, fixed for the server's life.
 */
#include "postgres.h"

#include "catalog/objectaccess.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "tcop/utility.h"
#include "utils/acl.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/varlena.h"

PG_MODULE_MAGIC;

void _PG_init(void);

static char *reserved_roles = NULL;
static char *reserved_memberships = NULL;

static ProcessUtility_hook_type previous_utility_hook = NULL;
static object_access_hook_type previous_access_hook = NULL;

/* Functions that read, write or list the server's files. */
static const char *const file_functions[] = {
	"pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_ls_dir",
	"lo_import", "lo_export", "pg_file_write", "pg_file_rename",
	"pg_file_unlink", "pg_file_sync", "pg_logdir_ls", NULL
};

/*
 * Whether `name` is in the comma-separated `list`. When `settings_allowed`
 * is given, it says whether the entry carries the trailing `*`.
 */
static bool
listed(const char *list, const char *name, bool *settings_allowed)
{
	char	   *copy;
	List	   *entries;
	ListCell   *cell;
	bool		found = false;

	if (list == NULL || name == NULL || list[0] == '\0')
		return false;
	copy = pstrdup(list);
	if (!SplitIdentifierString(copy, ',', &entries))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("schemagate_guard: cannot parse the role list \"%s\"", list)));
	foreach(cell, entries)
	{
		char	   *entry = (char *) lfirst(cell);
		size_t		len = strlen(entry);
		bool		star = len > 0 && entry[len - 1] == '*';

		if (star)
			entry[len - 1] = '\0';
		if (strcmp(entry, name) == 0)
		{
			found = true;
			if (settings_allowed)
				*settings_allowed = star;
			break;
		}
	}
	list_free(entries);
	pfree(copy);
	return found;
}

/* The name a role specification stands for; NULL for PUBLIC. */
static const char *
spec_name(const RoleSpec *spec)
{
	if (spec == NULL)
		return NULL;
	switch (spec->roletype)
	{
		case ROLESPEC_CSTRING:
			return spec->rolename;
		case ROLESPEC_PUBLIC:
			return NULL;
		default:
			/* CURRENT_USER, CURRENT_ROLE, SESSION_USER */
			return get_rolespec_name(spec);
	}
}

static void
refuse_reserved_role(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("\"%s\" is a reserved role, only superusers can modify it", name),
			 errhint("schemagate's server guard emulates Supabase's supautils reserved_roles; migrations cannot change this role on Supabase either")));
}

static void
refuse_reserved_membership(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("\"%s\" role memberships are reserved, only superusers can grant them", name),
			 errhint("schemagate's server guard emulates Supabase's supautils reserved_memberships; these roles reach the server's files, programs or services")));
}

/* Any change to a reserved role (or a role giving reserved powers). */
static void
check_modify(const char *name)
{
	if (listed(reserved_roles, name, NULL))
		refuse_reserved_role(name);
	if (listed(reserved_memberships, name, NULL))
		refuse_reserved_membership(name);
}

static void
check_grant_role(GrantRoleStmt *stmt)
{
	ListCell   *cell;

	foreach(cell, stmt->granted_roles)
	{
		AccessPriv *priv = (AccessPriv *) lfirst(cell);

		if (stmt->is_grant && listed(reserved_memberships, priv->priv_name, NULL))
			refuse_reserved_membership(priv->priv_name);
	}
	foreach(cell, stmt->grantee_roles)
	{
		const char *grantee = spec_name((RoleSpec *) lfirst(cell));

		if (listed(reserved_roles, grantee, NULL))
			refuse_reserved_role(grantee);
	}
}

static void
check_create_role(CreateRoleStmt *stmt)
{
	ListCell   *cell;

	if (listed(reserved_roles, stmt->role, NULL))
		refuse_reserved_role(stmt->role);
	foreach(cell, stmt->options)
	{
		DefElem    *option = (DefElem *) lfirst(cell);
		ListCell   *inner;

		if (strcmp(option->defname, "addroleto") == 0)
		{
			foreach(inner, (List *) option->arg)
			{
				const char *group = spec_name((RoleSpec *) lfirst(inner));

				if (listed(reserved_memberships, group, NULL))
					refuse_reserved_membership(group);
			}
		}
		else if ((strcmp(option->defname, "rolemembers") == 0 ||
				  strcmp(option->defname, "adminmembers") == 0) &&
				 (List *) option->arg != NIL &&
				 listed(reserved_memberships, stmt->role, NULL))
		{
			/*
			 * Members of a new role that is itself a reserved membership.
			 * Reserved roles may become members of a new role here, as in
			 * supautils (its test: `create role other admin anon`).
			 */
			refuse_reserved_membership(stmt->role);
		}
	}
}

static void
check_alter_role_set(AlterRoleSetStmt *stmt)
{
	const char *name = spec_name(stmt->role);
	bool		settings_allowed = false;

	if (name == NULL)
		return;
	if (listed(reserved_roles, name, &settings_allowed))
	{
		/* The reserved-roles entry decides, `*` included (authenticator*). */
		if (!settings_allowed)
			refuse_reserved_role(name);
		return;
	}
	if (listed(reserved_memberships, name, NULL))
		refuse_reserved_membership(name);
}

static void
check_drop_role(DropRoleStmt *stmt)
{
	ListCell   *cell;

	foreach(cell, stmt->roles)
		check_modify(spec_name((RoleSpec *) lfirst(cell)));
}

static void
check_copy(CopyStmt *stmt)
{
	if (stmt->filename == NULL)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("COPY %s a server %s is refused for non-superusers on this server",
					stmt->is_from ? "from" : "to",
					stmt->is_program ? "program" : "file"),
			 errhint("schemagate's server guard: migrations must not reach the server's files or programs; on Supabase the postgres role cannot either. Use COPY ... FROM STDIN / TO STDOUT or INSERT")));
}

/* Refuses what a non-superuser must not do, before it runs. */
static void
check_utility(Node *node)
{
	switch (nodeTag(node))
	{
		case T_GrantRoleStmt:
			check_grant_role((GrantRoleStmt *) node);
			break;
		case T_CreateRoleStmt:
			check_create_role((CreateRoleStmt *) node);
			break;
		case T_AlterRoleStmt:
			check_modify(spec_name(((AlterRoleStmt *) node)->role));
			break;
		case T_AlterRoleSetStmt:
			check_alter_role_set((AlterRoleSetStmt *) node);
			break;
		case T_DropRoleStmt:
			check_drop_role((DropRoleStmt *) node);
			break;
		case T_RenameStmt:
			if (((RenameStmt *) node)->renameType == OBJECT_ROLE)
			{
				check_modify(((RenameStmt *) node)->subname);
				check_modify(((RenameStmt *) node)->newname);
			}
			break;
		case T_CopyStmt:
			check_copy((CopyStmt *) node);
			break;
		default:
			break;
	}
}

static void
guard_utility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
			  ProcessUtilityContext context, ParamListInfo params,
			  QueryEnvironment *queryEnv, DestReceiver *dest,
			  QueryCompletion *qc)
{
	if (!superuser())
		check_utility(pstmt->utilityStmt);
	if (previous_utility_hook)
		previous_utility_hook(pstmt, queryString, readOnlyTree, context, params,
							  queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params,
								queryEnv, dest, qc);
}

static bool
is_file_function(Oid function)
{
	char	   *name;
	Oid			namespace;
	int			i;

	namespace = get_func_namespace(function);
	if (namespace != PG_CATALOG_NAMESPACE)
		return false;
	name = get_func_name(function);
	if (name == NULL)
		return false;
	for (i = 0; file_functions[i] != NULL; i++)
		if (strcmp(name, file_functions[i]) == 0)
			return true;
	return false;
}

static void
guard_access(ObjectAccessType access, Oid classId, Oid objectId, int subId,
			 void *arg)
{
	if (previous_access_hook)
		previous_access_hook(access, classId, objectId, subId, arg);
	if (access != OAT_FUNCTION_EXECUTE || classId != ProcedureRelationId)
		return;
	if (!superuser() && is_file_function(objectId))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("%s() reaches the server's files and is refused for non-superusers on this server",
						get_func_name(objectId)),
				 errhint("schemagate's server guard: migrations must not read or write the server's files")));
}

void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		ereport(ERROR,
				(errmsg("schemagate_guard must be loaded through shared_preload_libraries")));
	DefineCustomStringVariable("schemagate_guard.reserved_roles",
							   "Roles only superusers may create, alter, drop or change memberships of; a trailing * still allows ALTER ROLE ... SET.",
							   NULL, &reserved_roles, "", PGC_POSTMASTER, 0,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("schemagate_guard.reserved_memberships",
							   "Roles only superusers may grant membership in.",
							   NULL, &reserved_memberships,
							   "pg_read_server_files,pg_write_server_files,pg_execute_server_program",
							   PGC_POSTMASTER, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("schemagate_guard");
	previous_utility_hook = ProcessUtility_hook;
	ProcessUtility_hook = guard_utility;
	previous_access_hook = object_access_hook;
	object_access_hook = guard_access;
}
