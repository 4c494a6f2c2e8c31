/* cf_class.c - C, T and F lines: classes from the file, a file, a program
 * or a map, as sendmail 8.17 reads them */
#include "cf/cf.h"
#include "cf/cf_int.h"
#include "cf/cf_text.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "map/map.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#define CF_CLASS_MAXPV		256	/* sendmail's MAXPV: program words */
#define CF_CLASS_REGONLY	(-1)	/* "errno" for a file not regular */

/* cf_class_space - sendmail's SM_ISSPACE */
static bool
cf_class_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* cf_class_words - add the blank-separated words of text to class id */
static void
cf_class_words(struct cf *cf, int id, const char *p)
{
	char *w;

	for (;;) {
		const char *start;

		while (cf_class_space((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !cf_class_space((unsigned char)*p))
			p++;
		w = xstrndup(start, (size_t)(p - start));
		class_add(cf->classes, id, w);
		free(w);
	}
}

/* cf_class_long - a class with a long name, as sendmail's macid */
static int
cf_class_long(struct cf *cf, const char *name)
{
	return macro_id(cf->macros, name, strlen(name));
}

/*
 * cf_class_defaults - the classes sendmail fills itself: transfer
 * encodings, MIME types it must not touch, headers it checks, macros it
 * keeps in the queue file
 */
void
cf_class_defaults(struct cf *cf)
{
	static const char *const mimefield[] = { "content-disposition",
	    "content-type", NULL };
	static const char *const mimeheaders[] = { "content-disposition",
	    "content-id", "content-transfer-encoding", "content-type",
	    "mime-version", NULL };
	static const char *const persistent[] = { "r", "s", "_", "{if_addr}",
	    "{daemon_flags}", NULL };
	size_t i;
	int id;

	class_add(cf->classes, 'e', "7bit");
	class_add(cf->classes, 'e', "8bit");
	class_add(cf->classes, 'e', "binary");
	class_add(cf->classes, 'n', "multipart/signed");
	class_add(cf->classes, 's', "rfc822");
	id = cf_class_long(cf, "checkMIMEFieldHeaders");
	for (i = 0; mimefield[i] != NULL; i++)
		class_add(cf->classes, id, mimefield[i]);
	class_add(cf->classes, cf_class_long(cf, "checkMIMETextHeaders"),
	    "content-description");
	id = cf_class_long(cf, "checkMIMEHeaders");
	for (i = 0; mimeheaders[i] != NULL; i++)
		class_add(cf->classes, id, mimeheaders[i]);
	id = cf_class_long(cf, "persistentMacros");
	for (i = 0; persistent[i] != NULL; i++)
		class_add(cf->classes, id, persistent[i]);
}

/* cf_class_line - Cx words, C{name}words, CX$={Y}: expanded, then words */
void
cf_class_line(struct cf *cf, const char *p, int line)
{
	struct buf text = BUF_INIT, exp = BUF_INIT;
	int id;

	if ((id = cf_text_macid(cf, p, &p, line)) < 0)
		return;
	/* a $=Y copies class Y (as it is now); the rest is expanded */
	while (*p != '\0') {
		size_t n = *p == '$' ? cf_text_reflen(p) : 1;

		if (n > 2 && p[1] == '=') {
			const char *q = p + 2;
			int src = macro_id_parse(cf->macros, &q);

			if (src >= 0)
				class_copy(cf->classes, id, src);
		} else {
			buf_add(&text, p, n);
		}
		p += n;
	}
	macro_expand(cf->macros, buf_str(&text), &exp);
	if (exp.len > CF_MAXLINE - 1)
		buf_truncate(&exp, CF_MAXLINE - 1);
	cf_class_words(cf, id, buf_str(&exp));
	buf_free(&text);
	buf_free(&exp);
}

/* cf_class_trusted - a T line: its words (as sendmail keeps them) join t */
void
cf_class_trusted(struct cf *cf, const char *p)
{
	struct buf raw = BUF_INIT;

	cf_text_show(cf, p, strlen(p), false, &raw);
	cf_class_words(cf, 't', buf_str(&raw));
	buf_free(&raw);
}

/*
 * cf_class_quoted - sendmail's extrquotstr for an F line's file name:
 * up to an unquoted blank, double quotes dropped, a backslash before a
 * blank dropped; false if a quote is left open.  *endp: where it ended.
 */
static bool
cf_class_quoted(const char *p, struct buf *out, const char **endp)
{
	bool quoted = false;

	buf_reset(out);
	while (*p != '\0') {
		if (*p == '\\' && p[1] == ' ') {
			p++;
		} else if (*p == '"') {
			quoted = !quoted;
			p++;
			continue;
		}
		if (!quoted && *p == ' ')
			break;
		buf_addc(out, *p++);
	}
	*endp = p;
	return !quoted;
}

/*
 * cf_class_scan - apply an F line's scanf format to one line, safely:
 * only one %s or %[...] conversion is allowed, and it gets a width that
 * fits word[CF_MAXLINE]; other formats match nothing.
 */
static bool
cf_class_scan(const char *fmt, const char *text, char word[CF_MAXLINE])
{
	struct buf safe = BUF_INIT;
	int conversions = 0;
	bool ok;

	for (const char *p = fmt; *p; p++) {
		buf_addc(&safe, *p);
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			buf_addc(&safe, *++p);
			continue;
		}
		if (isdigit((unsigned char)p[1]) || (p[1] != 's' && p[1] != '[') ||
		    ++conversions > 1) {
			buf_free(&safe);
			return false;
		}
		buf_addf(&safe, "%d", CF_MAXLINE - 1);
	}
	ok = conversions == 1 && sscanf(text, buf_str(&safe), word) == 1;
	buf_free(&safe);
	return ok;
}

/*
 * cf_class_open - open a class file as sendmail's safefopen would let
 * it: regular files only.  NULL with *err an errno or CF_CLASS_REGONLY.
 */
static FILE *
cf_class_open(const char *path, int *err)
{
	struct stat st;
	FILE *f;

	if (stat(path, &st) < 0) {
		/* sendmail's directory walk calls a file on the way EACCES */
		*err = errno == ENOTDIR ? EACCES : errno;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = CF_CLASS_REGONLY;
		return NULL;
	}
	if ((f = fopen(path, "r")) == NULL)
		*err = errno;
	return f;
}

/* cf_class_env - the environment sendmail gives a program: AGENT and E lines */
static char **
cf_class_env(const struct cf *cf)
{
	char **env = xcalloc(cf->nenv + 2, sizeof(*env));
	size_t i, n = 0;

	env[n++] = xstrdup("AGENT=sendmail");
	for (i = 0; i < cf->nenv; i++) {
		const char *e = cf->env[i], *v;

		if (strchr(e, '=') != NULL)
			env[n++] = xstrdup(e);
		else if (*e != '\0' && (v = getenv(e)) != NULL) {
			struct buf b = BUF_INIT;

			buf_addf(&b, "%s=%s", e, v);
			env[n++] = buf_steal(&b);
		}
	}
	return env;
}

/* cf_class_env_free - release what cf_class_env made */
static void
cf_class_env_free(char **env)
{
	for (size_t i = 0; env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/*
 * cf_class_prog - start an F line's program as sendmail's prog_open:
 * its words split at blanks, no shell, stdin closed, stdout to us, as
 * the default user when we are root.  A program that cannot be run
 * says so on that stdout, as sendmail's child does.
 */
static FILE *
cf_class_prog(struct cf *cf, const char *cmd, int line, pid_t *pidp)
{
	char *copy = xstrdup(cmd), *argv[CF_CLASS_MAXPV + 1], *save = NULL;
	char **env;
	int fd[2], i = 0;
	pid_t pid;
	FILE *f;

	for (char *w = strtok_r(copy, " \t", &save); w != NULL &&
	    i < CF_CLASS_MAXPV; w = strtok_r(NULL, " \t", &save))
		argv[i++] = w;
	argv[i] = NULL;
	if (pipe(fd) < 0) {
		free(copy);
		return NULL;
	}
	env = cf_class_env(cf);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		cf_class_env_free(env);
		free(copy);
		return NULL;
	}
	if (pid == 0) {
		char msg[512];
		int n, e;

		close(0);
		close(fd[0]);
		if (dup2(fd[1], 1) < 0)
			_exit(EX_OSERR);
		close(fd[1]);
		if (geteuid() == 0) {
			long gid = option_default_gid(cf->opts);
			long uid = option_default_uid(cf->opts);

			if (gid >= 0 && setgid((gid_t)gid) < 0)
				_exit(EX_TEMPFAIL);
			if (uid >= 0 && setuid((uid_t)uid) < 0)
				_exit(EX_TEMPFAIL);
		}
		if (argv[0] != NULL)
			execve(argv[0], argv, env);
		e = argv[0] != NULL ? errno : ENOENT;
		n = snprintf(msg, sizeof(msg), "%s: line %d: %s: cannot exec: "
		    "%s\n", cf->path, line, argv[0] != NULL ? argv[0] : "(null)",
		    strerror(e));
		if (n > 0)
			(void)!write(1, msg, (size_t)n < sizeof(msg) ? (size_t)n :
			    sizeof(msg) - 1);
		_exit(e == EAGAIN || e == ENOMEM ? EX_OSERR : EX_CONFIG);
	}
	close(fd[1]);
	cf_class_env_free(env);
	free(copy);
	if ((f = fdopen(fd[0], "r")) == NULL) {
		close(fd[0]);
		waitpid(pid, NULL, 0);
		return NULL;
	}
	*pidp = pid;
	return f;
}

/* cf_class_map - F{x}key@class:spec, F{x}@LDAP: the words a lookup gives */
static void
cf_class_map(struct cf *cf, int id, const char *spec, bool optional,
    int line)
{
	char tmp[4];
	const char *mn = macro_name(cf->macros, id, tmp), *at = strchr(spec, '@');
	char *key = xstrndup(spec, (size_t)(at - spec)), *cls, *colon;
	struct buf err = BUF_INIT;
	struct map_result res;
	struct map *m;
	size_t before;

	cls = xstrdup(at + 1);
	if (strcmp(cls, "LDAP") == 0) {
		/* XXX tern has no LDAP: sendmail would try a server here */
		cf_warn(cf, line, "fileclass: F{%s}: class %s not available", mn,
		    "ldap");
		goto out;
	}
	if ((colon = strchr(cls, ':')) == NULL) {
		cf_warn(cf, line, "fileclass: F{%s}: missing map class", mn);
		goto out;
	}
	*colon++ = '\0';
	if ((m = map_new(cf->map_env, mn, cls, colon, &err)) == NULL) {
		cf_warn(cf, line, "fileclass: F{%s}: class %s not available", mn,
		    cls);
		goto out;
	}
	if (err.len > 0) {
		/* the map's own complaints; sendmail stops there */
		cf_warn(cf, line, "%s", buf_str(&err));
		map_free(m);
		goto out;
	}
	before = cf->nenv_errors;
	if (!map_open(m)) {
		map_free(m);
		goto out;
	}
	if (cf->nenv_errors != before) {
		if (!optional)
			cf_warn(cf, line, "fileclass: F{%s}: map open failed", mn);
		map_free(m);
		goto out;
	}
	map_result_init(&res);
	map_lookup_direct(m, key, &res);
	/* not found is EX_OK or a class's own "no such" status */
	if (!res.found && res.status != EX_OK && res.status != EX_NOHOST &&
	    res.status != EX_NOUSER) {
		if (!optional)
			cf_warn(cf, line, "fileclass: F{%s}: map lookup failed", mn);
	} else if (res.found) {
		cf_class_words(cf, id, buf_str(&res.value));
	}
	map_result_free(&res);
	map_free(m);
out:
	buf_free(&err);
	free(key);
	free(cls);
}

/* cf_class_read - the words of each line of f through fmt */
static void
cf_class_read(struct cf *cf, int id, FILE *f, const char *fmt)
{
	char buf[CF_MAXLINE], word[CF_MAXLINE];

	while (fgets(buf, sizeof(buf), f) != NULL) {
		if (buf[0] == '#')
			continue;
		if (!cf_class_scan(fmt, buf, word))
			continue;
		cf_class_words(cf, id, word);
	}
}

/* cf_class_fileclass - sendmail's fileclass: a file or a program */
static void
cf_class_fileclass(struct cf *cf, int id, const char *file, const char *fmt,
    bool optional, int line)
{
	pid_t pid = -1;
	int err = 0;
	FILE *f;

	if (*file == '|')
		f = cf_class_prog(cf, file + 1, line, &pid);
	else
		f = cf_class_open(file, &err);
	if (f == NULL) {
		if (!optional)
			cf_warn_errno(cf, line, "fileclass: cannot open '%s': %s",
			    file, err == CF_CLASS_REGONLY ? "Regular files only" :
			    strerror(err != 0 ? err : EIO));
		return;
	}
	cf_class_read(cf, id, f, fmt);
	fclose(f);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/*
 * cf_class_file - an F line: Fx[-o] file [scanf-format], Fx|program,
 * Fx"quoted name", Fxkey@mapclass:spec.  The text is not expanded.
 */
void
cf_class_file(struct cf *cf, const char *p, int line)
{
	struct buf file = BUF_INIT, raw = BUF_INIT;
	const char *q, *fmt = "%s";
	bool optional = false, ismap = false;
	int id;

	if ((id = cf_text_macid(cf, p, &p, line)) < 0)
		return;
	while (cf_class_space((unsigned char)*p))
		p++;
	if (p[0] == '-' && p[1] == 'o') {
		optional = true;
		while (*p != '\0' && !cf_class_space((unsigned char)*p))
			p++;
		while (cf_class_space((unsigned char)*p))
			p++;
	}
	if (*p != '/' && *p != '|' && (q = strchr(p, '@')) != NULL) {
		q++;
		if (strcmp(q, "LDAP") == 0 || (*q != ':' && strchr(q, ':') != NULL))
			ismap = true;
	}
	if (ismap) {
		buf_set(&file, p);
	} else if (!cf_class_quoted(p, &file, &q)) {
		struct buf shown = BUF_INIT;

		cf_text_show(cf, p, strlen(p), true, &shown);
		cf_warn(cf, line, "illegal filename '%s'", buf_str(&shown));
		buf_free(&shown);
		goto out;
	} else if (file.len > 0 && file.data[0] != '|' && *q != '\0') {
		for (fmt = q + 1; isascii((unsigned char)*fmt) &&
		    isspace((unsigned char)*fmt); fmt++)
			;
	}
	/* sendmail opens what it holds: its own bytes for a $x */
	cf_text_show(cf, buf_str(&file), file.len, false, &raw);
	if (raw.len == 0)
		cf_warn(cf, line, "fileclass: missing file name");
	else if (ismap)
		cf_class_map(cf, id, buf_str(&raw), optional, line);
	else
		cf_class_fileclass(cf, id, buf_str(&raw), fmt, optional, line);
out:
	buf_free(&file);
	buf_free(&raw);
}
