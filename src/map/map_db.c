/* map_db.c - opening Berkeley DB map files */
#include "util/buf.h"
#include "map/map_db.h"

#include <string.h>

/* map_db_path - name ".db" appended unless it already ends so */
void
map_db_path(const char *name, struct buf *path)
{
	size_t n = strlen(name);

	buf_reset(path);
	buf_adds(path, name);
	if (n < 3 || strcmp(name + n - 3, ".db") != 0)
		buf_adds(path, ".db");
}

/* map_db_quiet - libdb error callback: say nothing, callers report */
static void
map_db_quiet(const DB_ENV *env, const char *pfx, const char *msg)
{
	(void)env;
	(void)pfx;
	(void)msg;
}

/* map_db_open - see map_db.h */
int
map_db_open(const char *path, DBTYPE type, unsigned oflags, int mode,
    bool dup, size_t cachesize, bool quiet, DB **dbp)
{
	DB *db;
	int ret;

	*dbp = NULL;
	if ((ret = db_create(&db, NULL, 0)) != 0)
		return ret;
	if (quiet)
		db->set_errcall(db, map_db_quiet);
	if (dup && (oflags & DB_CREATE) && (ret = db->set_flags(db, DB_DUP)) != 0)
		goto fail;
	if (cachesize > 0 &&
	    (ret = db->set_cachesize(db, 0, (u_int32_t)cachesize, 0)) != 0)
		goto fail;
	ret = db->open(db, NULL, path, NULL, type, oflags, mode);
	if (ret != 0)
		goto fail;
	*dbp = db;
	return 0;
fail:
	(void)db->close(db, 0);
	return ret;
}
