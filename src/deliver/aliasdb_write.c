/*
 * aliasdb_write.c - build an alias database beside the old one and
 * rename it into place.
 *
 * sendmail truncates FILE.db and fills it while readers may look; tern
 * builds FILE.db.tern-new.PID and renames it over FILE.db only when
 * complete (with "@"), so a reader sees the old map or the new one.
 */
#include "deliver/aliasdb_int.h"
#include "map/map_db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ALIASDB_MODE	0640	/* a new database, as sendmail's DBMMODE */

/* aliasdb_write_close - close the db and free the names */
static void
aliasdb_write_close(struct aliasdb_writer *w)
{
	if (w->db != NULL)
		(void)w->db->close(w->db, 0);
	w->db = NULL;
	free(w->path);
	free(w->tmp);
	w->path = w->tmp = NULL;
}

/* aliasdb_write_open - see aliasdb_int.h */
int
aliasdb_write_open(struct aliasdb_writer *w, const char *file, DBTYPE type,
    unsigned flags)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	struct stat old;
	int err;

	memset(w, 0, sizeof(*w));
	w->flags = flags;
	map_db_path(file, &path);
	buf_addf(&tmp, "%s.tern-new.%ld", buf_str(&path), (long)getpid());
	w->path = buf_steal(&path);
	w->tmp = buf_steal(&tmp);
	/* a temporary of ours left by a crash with the same pid */
	if (unlink(w->tmp) < 0 && errno != ENOENT) {
		err = errno;
		aliasdb_write_close(w);
		return err;
	}
	err = map_db_open(w->tmp, type, DB_CREATE | DB_EXCL, ALIASDB_MODE,
	    false, 0, true, &w->db);
	if (err != 0) {
		w->db = NULL;
		aliasdb_write_close(w);
		return err;
	}
	/* keep what the administrator gave the old map */
	if (stat(w->path, &old) == 0) {
		if (chown(w->tmp, old.st_uid, old.st_gid) < 0 && geteuid() == 0)
			err = errno;
		if (err == 0 && chmod(w->tmp, old.st_mode & 07777) < 0)
			err = errno;
	} else if (chmod(w->tmp, ALIASDB_MODE) < 0)
		err = errno;
	if (err != 0)
		aliasdb_write_abort(w);
	return err;
}

/* aliasdb_write_put - one put; flags 0 or DB_NOOVERWRITE */
static int
aliasdb_write_put(struct aliasdb_writer *w, const char *key, size_t klen,
    const char *val, size_t vlen, unsigned flags)
{
	DBT k, v;

	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.data = (void *)key;
	k.size = (u_int32_t)klen;
	v.data = (void *)val;
	v.size = (u_int32_t)vlen;
	return w->db->put(w->db, NULL, &k, &v, flags);
}

/* aliasdb_write_store - see aliasdb_int.h */
int
aliasdb_write_store(struct aliasdb_writer *w, const char *key,
    const char *value, bool *dup, struct buf *lkey)
{
	struct buf val = BUF_INIT;
	size_t nul = (w->flags & ALIASDB_INCLNULL) ? 1 : 0, klen;
	int err;

	*dup = false;
	buf_reset(lkey);
	klen = strlen(key);
	if (klen > ALIASDB_MAXKEY)
		klen = ALIASDB_MAXKEY;
	buf_add(lkey, key, klen);
	if (!(w->flags & ALIASDB_NOFOLD)) {
		char *p = (char *)buf_str(lkey);

		for (; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	err = aliasdb_write_put(w, buf_str(lkey), klen + nul, value,
	    strlen(value) + nul, DB_NOOVERWRITE);
	if (err != DB_KEYEXIST)
		return err;
	*dup = true;
	buf_adds(&val, value);
	if (w->flags & ALIASDB_APPEND) {
		DBT k, v;

		memset(&k, 0, sizeof(k));
		memset(&v, 0, sizeof(v));
		k.data = (void *)buf_str(lkey);
		k.size = (u_int32_t)(klen + nul);
		/* sendmail puts the new value first: "new,old" */
		if (w->db->get(w->db, NULL, &k, &v, 0) == 0 && v.size > 0 &&
		    *(const char *)v.data != '\0') {
			size_t olen = strnlen(v.data, v.size);

			buf_addc(&val, ',');
			buf_add(&val, v.data, olen);
		}
	}
	err = aliasdb_write_put(w, buf_str(lkey), klen + nul, buf_str(&val),
	    val.len + nul, 0);
	buf_free(&val);
	return err;
}

/* aliasdb_fsync_path - fsync a file or directory by name */
static int
aliasdb_fsync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (fsync(fd) < 0)
		err = errno;
	(void)close(fd);
	return err;
}

/* aliasdb_write_commit - see aliasdb_int.h */
int
aliasdb_write_commit(struct aliasdb_writer *w)
{
	struct buf dir = BUF_INIT, lkey = BUF_INIT;
	const char *slash;
	bool dup;
	int err;

	err = aliasdb_write_store(w, "@", "@", &dup, &lkey);
	buf_free(&lkey);
	if (err == 0)
		err = w->db->close(w->db, 0);
	else
		(void)w->db->close(w->db, 0);
	w->db = NULL;
	if (err == 0)
		err = aliasdb_fsync_path(w->tmp, false);
	if (err == 0 && rename(w->tmp, w->path) < 0)
		err = errno;
	if (err != 0) {
		(void)unlink(w->tmp);
		aliasdb_write_close(w);
		return err;
	}
	slash = strrchr(w->path, '/');
	if (slash == NULL)
		buf_adds(&dir, ".");
	else if (slash == w->path)
		buf_adds(&dir, "/");
	else
		buf_add(&dir, w->path, (size_t)(slash - w->path));
	err = aliasdb_fsync_path(buf_str(&dir), true);
	buf_free(&dir);
	aliasdb_write_close(w);
	return err;
}

/* aliasdb_write_abort - see aliasdb_int.h */
void
aliasdb_write_abort(struct aliasdb_writer *w)
{
	if (w->db != NULL)
		(void)w->db->close(w->db, 0);
	w->db = NULL;
	if (w->tmp != NULL)
		(void)unlink(w->tmp);
	aliasdb_write_close(w);
}
