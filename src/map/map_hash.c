/*
 * map_hash.c - the hash and btree classes (and implicit, which is hash
 * that fails quietly): Berkeley DB files made by makemap.
 *
 * Keys are folded to lower case unless -f.  Without -N or -O a lookup
 * tries the key without and then with a trailing NUL, and keeps to the
 * form that first matched (sendmail's adaptive rule).  The file is
 * reopened when it is replaced (a new makemap run), as sendmail does.
 */
#include "map/map_db.h"
#include "map/map_impl.h"
#include "util/buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

struct map_hash {
	DB *db;
	char *path;
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
};

/* map_hash_type - DB_HASH or DB_BTREE by class */
static DBTYPE
map_hash_type(const struct map *m)
{
	return strcmp(m->cls->name, "btree") == 0 ? DB_BTREE : DB_HASH;
}

/* map_hash_classname - the name sendmail prints: implicit opens hash */
static const char *
map_hash_classname(const struct map *m)
{
	return map_hash_type(m) == DB_BTREE ? "btree" : "hash";
}

/* map_hash_close - close the database */
static void
map_hash_close(struct map *m)
{
	struct map_hash *h = m->priv;

	if (h == NULL)
		return;
	if (h->db != NULL)
		(void)h->db->close(h->db, 0);
	free(h->path);
	free(h);
	m->priv = NULL;
}

/* map_hash_open2 - open; quiet: say nothing on failure (implicit) */
static bool
map_hash_open2(struct map *m, bool quiet)
{
	struct buf path = BUF_INIT;
	struct map_hash *h;
	struct stat st;
	DB *db;
	int err;

	map_db_path(m->file, &path);
	err = map_file_check(buf_str(&path));
	if (err != 0) {
		if (!quiet && !(m->flags & MAP_F_OPTIONAL))
			map_error(m, "%s map \"%s\": %s map file %s: %s",
			    map_hash_classname(m), m->name,
			    err == ENOENT ? "missing" : "unsafe",
			    buf_str(&path), strerror(err));
		buf_free(&path);
		return false;
	}
	err = map_db_open(buf_str(&path), map_hash_type(m), DB_RDONLY, 0,
	    false, 0, quiet, &db);
	if (err != 0) {
		if (!quiet && !(m->flags & MAP_F_OPTIONAL))
			map_error(m, "Cannot open %s database %s: %s",
			    map_hash_classname(m), buf_str(&path),
			    db_strerror(err));
		buf_free(&path);
		return false;
	}
	h = xcalloc(1, sizeof(*h));
	h->db = db;
	h->path = buf_steal(&path);
	if (stat(h->path, &st) == 0) {
		h->dev = st.st_dev;
		h->ino = st.st_ino;
		h->mtime = st.st_mtim;
	}
	m->priv = h;
	buf_free(&path);
	return true;
}

/* map_hash_open - open the .db file */
static bool
map_hash_open(struct map *m)
{
	return map_hash_open2(m, false);
}

/* map_implicit_open - as hash, but a failure is silent */
static bool
map_implicit_open(struct map *m)
{
	return map_hash_open2(m, true);
}

/* map_hash_changed - was the file replaced since it was opened? */
static bool
map_hash_changed(const struct map_hash *h)
{
	struct stat st;

	if (stat(h->path, &st) < 0)
		return false;
	return st.st_dev != h->dev || st.st_ino != h->ino ||
	    st.st_mtim.tv_sec != h->mtime.tv_sec ||
	    st.st_mtim.tv_nsec != h->mtime.tv_nsec;
}

/* map_hash_get - one get; 0 found, DB_NOTFOUND, or an error */
static int
map_hash_get(DB *db, const char *key, size_t klen, DBT *val)
{
	DBT k;

	memset(&k, 0, sizeof(k));
	memset(val, 0, sizeof(*val));
	k.data = (void *)key;
	k.size = (u_int32_t)klen;
	return db->get(db, NULL, &k, val, 0);
}

/* map_hash_lookup - look the key up, NUL-adaptively */
static void
map_hash_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_hash *h = m->priv;
	DBT val;
	char *k;
	size_t klen;
	int st = DB_NOTFOUND;

	if (h != NULL && map_hash_changed(h)) {
		map_hash_close(m);
		if (!map_hash_open2(m, false)) {
			res->status = EX_TEMPFAIL;
			return;
		}
		h = m->priv;
	}
	if (h == NULL) {
		res->status = EX_TEMPFAIL;
		return;
	}
	k = xstrdup(key);
	klen = strlen(k);
	if (!(m->flags & MAP_F_NOFOLD))
		map_lower(k);
	if (m->flags & MAP_F_TRY0NULL) {
		st = map_hash_get(h->db, k, klen, &val);
		if (st == 0)
			m->flags &= ~MAP_F_TRY1NULL;
	}
	if (st != 0 && (m->flags & MAP_F_TRY1NULL)) {
		st = map_hash_get(h->db, k, klen + 1, &val);
		if (st == 0)
			m->flags &= ~MAP_F_TRY0NULL;
	}
	free(k);
	if (st == DB_NOTFOUND || st == DB_KEYEMPTY)
		return;
	if (st != 0) {
		map_error(m, "%s map \"%s\": get (%s): %s",
		    map_hash_classname(m), m->name, key, db_strerror(st));
		res->status = EX_TEMPFAIL;
		return;
	}
	if (m->flags & MAP_F_MATCHONLY)
		map_found(m, res, key, strlen(key), NULL);
	else
		map_found(m, res, val.data, val.size, av);
}

const struct map_class map_class_hash = {
	"hash", 0, NULL, map_hash_open, map_hash_lookup, map_hash_close,
};

const struct map_class map_class_btree = {
	"btree", 0, NULL, map_hash_open, map_hash_lookup, map_hash_close,
};

const struct map_class map_class_implicit = {
	"implicit", 0, NULL, map_implicit_open, map_hash_lookup,
	map_hash_close,
};
