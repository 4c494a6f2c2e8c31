/*
 * makemap - create or dump a sendmail database map, as sendmail 8's
 * makemap does, with the same options, messages, exit codes and
 * Berkeley DB file format (so either program reads the other's maps).
 *
 *	makemap [-C cffile] [-N] [-c cachesize] [-D commentchar] [-d] [-e]
 *		[-f] [-i type] [-l] [-o] [-r] [-s] [-t delimiter] [-u] [-v]
 *		type mapname
 *
 * Input lines are "key value" (white space, or the -t delimiter,
 * between them); keys are folded to lower case unless -f; -N stores a
 * trailing NUL with keys and values; -D sets the comment character (#).
 * -u dumps the map instead.  Types: hash, btree, implicit (= hash).
 */
#include "map/map_db.h"
#include "util/buf.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#define MAKEMAP_BUFSIZE		1024	/* sendmail's BUFSIZE: the line limit */
#define MAKEMAP_DEFAULT_CF	"/etc/mail/sendmail.cf"

struct makemap_opts {
	const char *cf;
	bool inclnull, dups, allowempty, foldcase, append, replace;
	bool unsafe, dump, verbose;
	int comment, sep;
	size_t cachesize;
	const char *type, *mapname;
};

/* makemap_usage - the usage message; exits */
static void
makemap_usage(void)
{
	fprintf(stderr,
	    "Usage: makemap [-C cffile] [-N] [-c cachesize] [-D commentchar]\n"
	    "               [-d] [-e] [-f] [-i type] [-l] [-o] [-r] [-s] "
	    "[-t delimiter]\n"
	    "               [-u] [-v] type mapname\n");
	exit(EX_USAGE);
}

/* makemap_trusted - the TrustedUser a cf line names, or NULL */
static char *
makemap_cf_trusted(const char *line)
{
	const char *p = line;
	size_t n;

	if (*p++ != 'O')
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "TrustedUser", 11) != 0)
		return NULL;
	p += 11;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '=')
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, " \t\r\n");
	return n > 0 ? xstrndup(p, n) : NULL;
}

/* makemap_readcf - what makemap takes from the cf: TrustedUser */
static int
makemap_readcf(const char *cf, uid_t *trusted)
{
	char *line = NULL, *user;
	struct passwd *pw;
	size_t cap = 0;
	FILE *fp;

	*trusted = (uid_t)-1;
	if ((fp = fopen(cf, "r")) == NULL) {
		fprintf(stderr, "makemap: %s: %s\n", cf, strerror(errno));
		return EX_NOINPUT;
	}
	while (getline(&line, &cap, fp) >= 0) {
		if ((user = makemap_cf_trusted(line)) == NULL)
			continue;
		if (isdigit((unsigned char)user[0]))
			*trusted = (uid_t)atol(user);
		else if ((pw = getpwnam(user)) != NULL)
			*trusted = pw->pw_uid;
		else {
			*trusted = (uid_t)-1;
			fprintf(stderr, "TrustedUser: unknown user %s\n", user);
		}
		free(user);
	}
	free(line);
	(void)fclose(fp);
	return EX_OK;
}

/* makemap_warn_dirs - sendmail's safe-path warnings for the map's dirs */
static void
makemap_warn_dirs(const char *path)
{
	struct buf dir = BUF_INIT;
	struct stat st;
	const char *p;

	for (p = strchr(path + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		buf_reset(&dir);
		buf_add(&dir, path, (size_t)(p - path));
		if (stat(buf_str(&dir), &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (st.st_mode & S_IWOTH)
			fprintf(stderr, "WARNING: World writable directory "
			    "%s\n", buf_str(&dir));
		else if (st.st_mode & S_IWGRP)
			fprintf(stderr, "WARNING: Group writable directory "
			    "%s\n", buf_str(&dir));
	}
	buf_free(&dir);
}

/* makemap_open - open the map for writing or dumping; exits on failure */
static DB *
makemap_open(const struct makemap_opts *o, const char *path)
{
	struct stat st;
	DBTYPE type;
	unsigned flags;
	DB *db;
	int err;

	if (strcmp(o->type, "hash") == 0 || strcmp(o->type, "implicit") == 0)
		type = DB_HASH;
	else if (strcmp(o->type, "btree") == 0)
		type = DB_BTREE;
	else {
		fprintf(stderr, "makemap: error opening type %s map %s: "
		    "Unknown database type\n", o->type, o->mapname);
		exit(EX_CANTCREAT);
	}
	makemap_warn_dirs(path);
	makemap_warn_dirs(path);
	if (!o->unsafe && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		fprintf(stderr, "makemap: error opening type %s map %s: "
		    "Symbolic links not allowed\n", o->type, o->mapname);
		exit(EX_CANTCREAT);
	}
	if (o->dump)
		flags = DB_RDONLY;
	else
		flags = DB_CREATE | (o->append ? 0 : DB_TRUNCATE);
	err = map_db_open(path, type, flags, 0640, o->dups, o->cachesize,
	    true, &db);
	if (err != 0) {
		fprintf(stderr, "makemap: error opening type %s map %s: %s\n",
		    o->type, o->mapname, db_strerror(err));
		exit(EX_CANTCREAT);
	}
	return db;
}

/* makemap_print - bytes up to the size or a NUL, as %.*s would */
static void
makemap_print(const DBT *d)
{
	(void)fwrite(d->data, 1, strnlen(d->data, d->size), stdout);
}

/* makemap_dump - -u: every record, "key<TAB>value" */
static int
makemap_dump(const struct makemap_opts *o, DB *db)
{
	DBC *c;
	DBT k, v;
	int err;

	if ((err = db->cursor(db, NULL, &c, 0)) != 0) {
		fprintf(stderr, "makemap: %s: cursor: %s\n", o->mapname,
		    db_strerror(err));
		return EX_IOERR;
	}
	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	while ((err = c->get(c, &k, &v, DB_NEXT)) == 0) {
		makemap_print(&k);
		(void)putchar(o->sep != '\0' ? o->sep : '\t');
		makemap_print(&v);
		(void)putchar('\n');
	}
	(void)c->close(c);
	if (err != DB_NOTFOUND) {
		fprintf(stderr, "makemap: %s: dump: %s\n", o->mapname,
		    db_strerror(err));
		return EX_IOERR;
	}
	return EX_OK;
}

/* makemap_issep - does c end the key? */
static bool
makemap_issep(const struct makemap_opts *o, int c)
{
	return o->sep == '\0' ? isspace(c) != 0 : c == o->sep;
}

/* makemap_load - read "key value" lines from stdin into the map */
static int
makemap_load(const struct makemap_opts *o, DB *db)
{
	char ibuf[MAKEMAP_BUFSIZE], *p;
	unsigned lineno = 0;
	int status = EX_OK, err;
	DBT k, v;

	while (fgets(ibuf, sizeof(ibuf), stdin) != NULL) {
		lineno++;
		if ((p = strchr(ibuf, '\n')) != NULL)
			*p = '\0';
		else if (!feof(stdin)) {
			fprintf(stderr, "makemap: %s: line %u: line too long "
			    "(%zu bytes max)\n", o->mapname, lineno,
			    sizeof(ibuf));
			status = EX_DATAERR;
			continue;
		}
		if (ibuf[0] == '\0' || (unsigned char)ibuf[0] == o->comment)
			continue;
		if (o->sep == '\0' && isspace((unsigned char)ibuf[0])) {
			fprintf(stderr, "makemap: %s: line %u: syntax error "
			    "(leading space)\n", o->mapname, lineno);
			status = EX_DATAERR;
			continue;
		}
		memset(&k, 0, sizeof(k));
		memset(&v, 0, sizeof(v));
		k.data = ibuf;
		for (p = ibuf; *p != '\0'; p++) {
			if (makemap_issep(o, (unsigned char)*p))
				break;
			if (o->foldcase && isupper((unsigned char)*p))
				*p = (char)tolower((unsigned char)*p);
		}
		k.size = (u_int32_t)(p - ibuf) + (o->inclnull ? 1 : 0);
		if (*p != '\0')
			*p++ = '\0';
		while (*p != '\0' && makemap_issep(o, (unsigned char)*p))
			p++;
		if (!o->allowempty && *p == '\0') {
			fprintf(stderr, "makemap: %s: line %u: no RHS for "
			    "LHS %s\n", o->mapname, lineno, ibuf);
			status = EX_DATAERR;
			continue;
		}
		v.data = p;
		v.size = (u_int32_t)strlen(p) + (o->inclnull ? 1 : 0);
		if (o->verbose)
			printf("key=`%s', val=`%s'\n", ibuf, p);
		err = db->put(db, NULL, &k, &v,
		    o->replace || o->dups ? 0 : DB_NOOVERWRITE);
		if (err == DB_KEYEXIST) {
			fprintf(stderr, "makemap: %s: line %u: key %s: "
			    "duplicate key\n", o->mapname, lineno, ibuf);
			status = EX_DATAERR;
		} else if (err != 0) {
			fprintf(stderr, "makemap: %s: line %u: key %s: put "
			    "error: %s\n", o->mapname, lineno, ibuf,
			    db_strerror(err));
			status = EX_IOERR;
		}
	}
	if (ferror(stdin)) {
		fprintf(stderr, "makemap: %s: read error: %s\n", o->mapname,
		    strerror(errno));
		status = EX_IOERR;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct makemap_opts o;
	struct buf path = BUF_INIT;
	uid_t trusted;
	DB *db;
	int c, status, err;

	memset(&o, 0, sizeof(o));
	o.cf = MAKEMAP_DEFAULT_CF;
	o.foldcase = true;
	o.comment = '#';
	while ((c = getopt(argc, argv, "C:D:Nc:deflorst:uvi:")) != -1) {
		switch (c) {
		case 'C':
			o.cf = optarg;
			break;
		case 'N':
			o.inclnull = true;
			break;
		case 'c':
			o.cachesize = (size_t)strtoul(optarg, NULL, 10);
			break;
		case 'D':
			o.comment = (unsigned char)optarg[0];
			break;
		case 'd':
			o.dups = true;
			break;
		case 'e':
			o.allowempty = true;
			break;
		case 'f':
			o.foldcase = false;
			break;
		case 'i':
			break;
		case 'l':
			printf("hash\nbtree\nimplicit\n");
			exit(EX_OK);
		case 'o':
			o.append = true;
			break;
		case 'r':
			o.replace = true;
			break;
		case 's':
			o.unsafe = true;
			break;
		case 't':
			o.sep = (unsigned char)optarg[0];
			break;
		case 'u':
			o.dump = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		default:
			makemap_usage();
		}
	}
	if (argc - optind != 2)
		makemap_usage();
	o.type = argv[optind];
	o.mapname = argv[optind + 1];
	if ((status = makemap_readcf(o.cf, &trusted)) != EX_OK)
		exit(status);
	map_db_path(o.mapname, &path);
	db = makemap_open(&o, buf_str(&path));
	status = o.dump ? makemap_dump(&o, db) : makemap_load(&o, db);
	if ((err = db->close(db, 0)) != 0) {
		fprintf(stderr, "makemap: %s: error closing: %s\n", o.mapname,
		    db_strerror(err));
		status = EX_IOERR;
	}
	if (!o.dump && trusted != (uid_t)-1 && geteuid() == 0 &&
	    chown(buf_str(&path), trusted, (gid_t)-1) < 0) {
		fprintf(stderr, "makemap: %s: chown: %s\n", buf_str(&path),
		    strerror(errno));
		status = EX_IOERR;
	}
	buf_free(&path);
	if (fflush(stdout) != 0)
		status = EX_IOERR;
	return status;
}
