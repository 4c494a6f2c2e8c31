/*
 * hoststat.c - persistent host status files (see hoststat.h): paths,
 * the file format, atomic writes, the -bh table, the -bH purge, and the
 * two questions delivery asks (is this host known down? record this).
 */
#include "deliver/hoststat.h"
#include "smtpc/smtpc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

/* ---------------- paths */

/* hs_norm - host as a file name: brackets, trailing dot and case go */
static int
hs_norm(const char *host, char out[HOSTSTAT_HOST_MAX + 1])
{
	size_t n, i;
	const char *p = host;

	if (host == NULL)
		goto bad;
	n = strlen(p);
	if (n >= 2 && p[0] == '[' && p[n - 1] == ']') {
		p++;
		n -= 2;
	}
	if (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 0 || n > HOSTSTAT_HOST_MAX)
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c <= ' ' || c == 0x7f || c == '/' || c == '[' || c == ']')
			goto bad;
		if (c == '.' && (i == 0 || p[i - 1] == '.'))
			goto bad;	/* an empty label */
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* hostname labels reversed: "a.b.c" -> "c./b./a" (after dir "/") */
static void
hs_rev(const char *name, struct buf *out)
{
	const char *end = name + strlen(name), *p = end;

	while (p > name) {
		const char *q = p;

		while (q > name && q[-1] != '.')
			q--;
		buf_add(out, q, (size_t)(p - q));
		if (q > name) {
			buf_adds(out, "./");
			p = q - 1;
		} else
			p = q;
	}
}

int
hoststat_path(const char *dir, const char *host, struct buf *out)
{
	char name[HOSTSTAT_HOST_MAX + 1];

	if (dir == NULL || dir[0] == '\0' || hs_norm(host, name) < 0) {
		errno = EINVAL;
		return -1;
	}
	buf_reset(out);
	buf_adds(out, dir);
	if (out->len > 0 && out->data[out->len - 1] != '/')
		buf_addc(out, '/');
	hs_rev(name, out);
	return 0;
}

/* ---------------- the file */

/* hs_copy - src into dst[cap], cut */
static void
hs_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* hs_num - a decimal (optional sign) filling the whole value */
static bool
hs_num(const char *v, long long *out)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 10);
	if (end == v || *end != '\0' || errno != 0)
		return false;
	*out = x;
	return true;
}

static int
hs_int(long long x)
{
	return x > INT_MAX ? INT_MAX : x < INT_MIN ? INT_MIN : (int)x;
}

int
hoststat_parse(const char *text, size_t len, struct hoststat *st, int *line,
    struct buf *err)
{
	const char *p = text, *end = text + len;
	char v[sizeof(st->reply) + 8];
	int ln = 0;

	memset(st, 0, sizeof(*st));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		long long x = 0;
		char key;

		ln++;
		if (line != NULL)
			*line = ln;
		if (n == 0)
			goto bad;
		key = p[0];
		n--;
		if (n >= sizeof(v))
			n = sizeof(v) - 1;	/* a long reply is cut */
		memcpy(v, p + 1, n);
		v[n] = '\0';
		p = nl != NULL ? nl + 1 : end;
		switch (key) {
		case 'V':
			if (!hs_num(v, &x))
				goto bad;
			st->version = hs_int(x);
			if (x != 0) {
				buf_addf(err, "Unknown host status version %d: "
				    "0 max", st->version);
				return -1;
			}
			break;
		case 'E':
		case 'H':
		case 'S':
		case 'U':
			if (!hs_num(v, &x))
				goto bad;
			if (key == 'E')
				st->err = hs_int(x);
			else if (key == 'H')
				st->herr = hs_int(x);
			else if (key == 'S')
				st->exitstat = hs_int(x);
			else
				st->updated = x;
			break;
		case 'D':
			hs_copy(st->status, sizeof(st->status), v);
			break;
		case 'R':
			hs_copy(st->reply, sizeof(st->reply), v);
			st->has_reply = true;
			break;
		case '.':
			return 0;
		default:
			goto bad;
		}
	}
	return 0;	/* the end without ".": taken as it is */
bad:
	buf_adds(err, "could not read status file");
	return -1;
}

void
hoststat_format(const struct hoststat *st, struct buf *out)
{
	buf_addf(out, "V%d\nE%d\nH%d\nS%d\n", st->version, st->err, st->herr,
	    st->exitstat);
	if (st->status[0] != '\0')
		buf_addf(out, "D%s\n", st->status);
	if (st->has_reply) {
		const char *r = st->reply;

		buf_addc(out, 'R');
		for (; *r != '\0'; r++)	/* one line, whatever came */
			buf_addc(out, *r == '\n' || *r == '\r' ? ' ' : *r);
		buf_addc(out, '\n');
	}
	buf_addf(out, "U%lld\n.\n", st->updated);
}

/* hs_slurp - at most HOSTSTAT_FILE_MAX bytes of path: 1, 0 none, -1 */
static int
hs_slurp(const char *path, struct buf *b, bool *locked)
{
	char tmp[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (locked != NULL) {
		*locked = flock(fd, LOCK_SH | LOCK_NB) < 0 &&
		    errno == EWOULDBLOCK;
	}
	while ((n = read(fd, tmp, sizeof(tmp))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		if (b->len + (size_t)n > HOSTSTAT_FILE_MAX) {
			close(fd);
			errno = EFBIG;
			return -1;
		}
		buf_add(b, tmp, (size_t)n);
	}
	close(fd);
	return 1;
}

int
hoststat_read(const char *dir, const char *host, struct hoststat *st)
{
	struct buf path = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
	int rc;

	memset(st, 0, sizeof(*st));
	if (hoststat_path(dir, host, &path) < 0)
		return -1;
	rc = hs_slurp(buf_str(&path), &b, NULL);
	if (rc == 1 && hoststat_parse(b.data != NULL ? b.data : "", b.len, st,
	    NULL, &err) < 0) {
		errno = EINVAL;
		rc = -1;
	}
	buf_free(&path);
	buf_free(&b);
	buf_free(&err);
	return rc;
}

/* hs_mkdirs - every directory above the file at path */
static int
hs_mkdirs(char *path, size_t from)
{
	size_t i;

	for (i = from; path[i] != '\0'; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			path[i] = '/';
			return -1;
		}
		path[i] = '/';
	}
	return 0;
}

int
hoststat_write(const char *dir, const char *host, const struct hoststat *st)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT, text = BUF_INIT;
	const char *slash;
	size_t off = 0;
	int fd = -1, rc = -1, saved;
	struct stat sb;

	if (hoststat_path(dir, host, &path) < 0)
		return -1;
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		if (errno == 0 || S_ISDIR(sb.st_mode) == 0)
			errno = ENOTDIR;
		goto out;
	}
	if (hs_mkdirs(path.data, strlen(dir) + 1) < 0)
		goto out;
	slash = strrchr(buf_str(&path), '/');
	buf_add(&tmp, path.data, (size_t)(slash - path.data) + 1);
	buf_addf(&tmp, ".%s.XXXXXX", slash + 1);
	fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0)
		goto out;
	if (flock(fd, LOCK_EX) < 0 || fchmod(fd, 0600) < 0)
		goto out;
	hoststat_format(st, &text);
	while (off < text.len) {
		ssize_t n = write(fd, text.data + off, text.len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		off += (size_t)n;
	}
	if (rename(tmp.data, path.data) < 0)
		goto out;
	rc = 0;
out:
	saved = errno;
	if (fd >= 0) {
		if (rc < 0)
			(void)unlink(tmp.data);
		close(fd);
	}
	buf_free(&path);
	buf_free(&tmp);
	buf_free(&text);
	errno = saved;
	return rc;
}

/* ---------------- the -bh table */

/* the texts -bh shows for a connection's exit code */
static const struct { int code; const char *text; } hs_exits[] = {
	{ EX_USAGE,	"5.0.0 Command line usage error" },
	{ EX_DATAERR,	"5.6.0 Data format error" },
	{ EX_NOINPUT,	"5.3.0 Cannot open input" },
	{ EX_NOUSER,	"5.1.1 User unknown" },
	{ EX_NOHOST,	"5.1.2 Host unknown" },
	{ EX_UNAVAILABLE, "5.0.0 Service unavailable" },
	{ EX_SOFTWARE,	"5.3.0 Internal error" },
	{ EX_OSERR,	"4.0.0 Operating system error" },
	{ EX_OSFILE,	"5.3.5 System file missing" },
	{ EX_CANTCREAT,	"5.0.0 Can't create output" },
	{ EX_IOERR,	"4.0.0 I/O error" },
	{ EX_TEMPFAIL,	"4.0.0 Deferred" },
	{ EX_PROTOCOL,	"5.5.0 Remote protocol error" },
	{ EX_NOPERM,	"5.0.0 Insufficient permission" },
	{ EX_CONFIG,	"5.3.5 Local configuration error" },
};

void
hoststat_result(const struct hoststat *st, struct buf *out)
{
	size_t i;

	if (st->has_reply) {
		buf_adds(out, st->reply);
		return;
	}
	if (st->exitstat == 0 || (st->exitstat == EX_TEMPFAIL &&
	    st->err != 0)) {
		buf_adds(out, st->exitstat == 0 ? "OK" : "Deferred");
		if (st->err != 0)
			buf_addf(out, ": %s", st->err > 0 && st->err < 256 ?
			    strerror(st->err) : "Unknown error");
		return;
	}
	for (i = 0; i < sizeof(hs_exits) / sizeof(hs_exits[0]); i++)
		if (hs_exits[i].code == st->exitstat) {
			buf_adds(out, hs_exits[i].text);
			return;
		}
	buf_addf(out, "Unknown mailer error %d", st->exitstat);
}

/* hs_ago - "HH:MM:SS", or "D+HH:MM:SS" */
static void
hs_ago(long long secs, char out[32])
{
	long long d;

	if (secs < 0)
		secs = 0;
	d = secs / 86400;
	secs %= 86400;
	if (d > 0)
		snprintf(out, 32, "%lld+%02lld:%02lld:%02lld", d, secs / 3600,
		    secs / 60 % 60, secs % 60);
	else
		snprintf(out, 32, "%02lld:%02lld:%02lld", secs / 3600,
		    secs / 60 % 60, secs % 60);
}

struct hs_walk {
	time_t now;
	long timeout;		/* purge */
	bool purge;
	FILE *out, *err;
	int removed;
	bool header;		/* the table's header is out */
	char *labels[HOSTSTAT_DEPTH];	/* directory names, outermost first */
	int depth;
};

/* hs_one - a status file: print it, or purge it */
static void
hs_one(struct hs_walk *w, const char *path, const char *leaf)
{
	struct buf b = BUF_INIT, err = BUF_INIT, host = BUF_INIT,
	    res = BUF_INIT;
	struct hoststat st;
	struct stat sb;
	bool locked = false;
	char ago[32];
	int i, rc, line = 0;

	if (w->purge) {
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (long long)sb.st_mtime + w->timeout < (long long)w->now) {
			if (unlink(path) == 0)
				w->removed++;
			else
				fprintf(w->err, "%s: %s\n", path,
				    strerror(errno));
		}
		return;
	}
	/* the header comes with the first file: none for an empty tree */
	if (!w->header) {
		fprintf(w->out, " -------------- Hostname --------------- "
		    "How long ago ---------Results---------\n");
		w->header = true;
	}
	rc = hs_slurp(path, &b, &locked);
	if (rc <= 0) {
		fprintf(w->out, "%s: %s\n", path, strerror(errno));
		goto out;
	}
	rc = hoststat_parse(b.data != NULL ? b.data : "", b.len, &st, &line,
	    &err);
	if (rc < 0 && st.version == 0) {
		fprintf(w->out, "%s: line %d: %s: %s\n", path, line, path,
		    buf_str(&err));
		goto out;
	}
	if (rc < 0)	/* a version we do not know: still shown */
		fprintf(w->out, "%s: line %d: %s\n", path, line,
		    buf_str(&err));
	buf_adds(&host, leaf);
	for (i = w->depth - 1; i >= 0; i--) {
		size_t n = strlen(w->labels[i]);

		buf_addc(&host, '.');
		buf_add(&host, w->labels[i],
		    n > 0 && w->labels[i][n - 1] == '.' ? n - 1 : n);
	}
	hs_ago((long long)w->now - st.updated, ago);
	hoststat_result(&st, &res);
	fprintf(w->out, "%c%-39s %12s %.25s\n", locked ? '*' : ' ',
	    buf_str(&host), ago, buf_str(&res));
out:
	buf_free(&b);
	buf_free(&err);
	buf_free(&host);
	buf_free(&res);
}

/* hs_dir - walk one directory in readdir order, depth first */
static int
hs_dir(struct hs_walk *w, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	struct buf sub = BUF_INIT;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		struct stat sb;

		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		if (de->d_name[0] == '.' && strchr(de->d_name + 1, '.') != NULL &&
		    strlen(de->d_name) > 8 &&
		    de->d_name[strlen(de->d_name) - 7] == '.')
			continue;	/* ".<name>.XXXXXX": being written */
		buf_reset(&sub);
		buf_addf(&sub, "%s/%s", path, de->d_name);
		if (lstat(sub.data, &sb) < 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (w->depth >= HOSTSTAT_DEPTH)
				continue;
			w->labels[w->depth++] = de->d_name;
			(void)hs_dir(w, sub.data);
			w->depth--;
		} else if (S_ISREG(sb.st_mode)) {
			hs_one(w, sub.data, de->d_name);
		}
	}
	closedir(d);
	buf_free(&sub);
	return 0;
}

int
hoststat_print(const char *dir, time_t now, FILE *out, FILE *err)
{
	struct hs_walk w;
	struct stat sb;

	memset(&w, 0, sizeof(w));
	w.now = now;
	w.out = out;
	w.err = err;
	if (dir == NULL || dir[0] == '\0')
		return 0;
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		if (errno == 0)
			errno = ENOTDIR;
		fprintf(out, "Warning: Cannot use HostStatusDirectory = %s: "
		    "%s\n", dir, strerror(errno));
		return -1;
	}
	return hs_dir(&w, dir);
}

int
hoststat_purge(const char *dir, time_t now, long timeout, FILE *err)
{
	struct hs_walk w;
	struct stat sb;

	memset(&w, 0, sizeof(w));
	w.now = now;
	w.err = err;
	w.out = err;
	w.purge = true;
	w.timeout = timeout;
	if (dir == NULL || dir[0] == '\0')
		return 0;
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		if (errno == 0)
			errno = ENOTDIR;
		fprintf(err, "Warning: Cannot use HostStatusDirectory = %s: "
		    "%s\n", dir, strerror(errno));
		return -1;
	}
	if (hs_dir(&w, dir) < 0)
		return -1;
	return w.removed;
}

/* ---------------- delivery */

/* hs_next - the next host of a colon list (colons inside [] kept) */
static const char *
hs_next(const char *p, char *out, size_t cap)
{
	size_t n = 0;
	int br = 0;

	for (; *p != '\0' && !(*p == ':' && br == 0); p++) {
		if (*p == '[')
			br++;
		else if (*p == ']' && br > 0)
			br--;
		if (n + 1 < cap)
			out[n++] = *p;
	}
	out[n] = '\0';
	return *p == ':' ? p + 1 : p;
}

bool
hoststat_cached(const char *dir, const char *hosts, time_t now,
    long timeout, struct buf *why, char *status)
{
	char h[HOSTSTAT_HOST_MAX + 3];
	const char *p = hosts;
	bool first = true, any = false;

	if (dir == NULL || dir[0] == '\0' || hosts == NULL || timeout <= 0)
		return false;
	buf_reset(why);
	while (*p != '\0') {
		struct hoststat st;

		p = hs_next(p, h, sizeof(h));
		if (h[0] == '\0')
			continue;
		/* a recent failure to connect (not a failed lookup, which
		 * is asked again, as sendmail does) */
		if (hoststat_read(dir, h, &st) != 1 || st.exitstat != EX_TEMPFAIL ||
		    st.herr != 0 || st.updated + timeout < (long long)now ||
		    st.updated > (long long)now + 60)
			return false;
		any = true;
		if (first) {
			if (st.has_reply)
				buf_adds(why, st.reply);
			else if (st.err != 0)
				buf_addf(why, "%s by %s", strerror(st.err), h);
			else
				buf_adds(why, "Deferred");
			snprintf(status, 16, "%s", st.status[0] != '\0' ?
			    st.status : "4.0.0");
			first = false;
		}
	}
	return any;
}

/* hs_errno - the errno whose text starts a local failure text */
static int
hs_errno(const char *text)
{
	int e;

	for (e = 1; e < 200; e++) {
		const char *s = strerror(e);
		size_t n = strlen(s);

		if (strncmp(text, s, n) == 0 && (text[n] == '\0' ||
		    text[n] == ' '))
			return e;
	}
	return 0;
}

int
hoststat_record(const char *dir, const char *mta, int code,
    const char *status, const char *reply, bool sent, bool answered,
    time_t now)
{
	struct hoststat st;
	char name[HOSTSTAT_HOST_MAX + 3];
	const char *r = reply != NULL ? reply : "";

	if (dir == NULL || dir[0] == '\0')
		return 0;
	memset(&st, 0, sizeof(st));
	st.updated = (long long)now;
	if (code == 0) {
		if (strncmp(r, "Name server: ", 13) == 0) {
			/* "Name server: HOST: host name lookup failure" */
			const char *e = strstr(r + 13, ": ");
			size_t n = e != NULL ? (size_t)(e - (r + 13)) : 0;

			if (n == 0 || n >= sizeof(name))
				return 0;
			memcpy(name, r + 13, n);
			name[n] = '\0';
			mta = name;
			st.err = EAGAIN;
			st.herr = TRY_AGAIN;
			st.exitstat = EX_TEMPFAIL;
			snprintf(st.status, sizeof(st.status), "4.4.3");
		} else if (strncmp(r, "Host unknown", 12) == 0 || mta == NULL) {
			return 0;	/* the name's, not a host's */
		} else {
			st.err = hs_errno(r);
			st.exitstat = EX_TEMPFAIL;
			snprintf(st.status, sizeof(st.status), "%s",
			    status != NULL && status[0] != '\0' ? status :
			    "4.4.1");
		}
	} else if (mta == NULL) {
		return 0;
	} else if (sent) {
		snprintf(st.status, sizeof(st.status), "%s",
		    status != NULL ? status : "");
		snprintf(st.reply, sizeof(st.reply), "%s", r);
		st.has_reply = true;
	} else if (!answered) {
		/* the greeting, EHLO or MAIL failed: the host's doing */
		st.exitstat = code / 100 == 4 ? EX_TEMPFAIL : EX_UNAVAILABLE;
		snprintf(st.status, sizeof(st.status), "%s",
		    status != NULL ? status : "");
		snprintf(st.reply, sizeof(st.reply), "%s", r);
		st.has_reply = true;
	}
	return hoststat_write(dir, mta, &st);
}

int
hoststat_record_rcpts(const char *dir, const char *mta,
    const struct smtpc_rcpt *v, size_t n, time_t now)
{
	const struct smtpc_rcpt *pick = NULL;
	bool answered = n > 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].exitstat == EX_OK && pick == NULL)
			pick = &v[i];
		if (v[i].code == 0 || v[i].code == 421)
			answered = false;
	}
	if (pick != NULL)
		return hoststat_record(dir, mta, pick->code, pick->status,
		    pick->reply, true, true, now);
	if (n == 0)
		return 0;
	return hoststat_record(dir, mta, v[0].code, v[0].status, v[0].reply,
	    false, answered, now);
}
