/* test_hoststat.c - persistent host status: paths, the file format,
 * atomic writes, the -bh table, purge, and delivery's two questions */
#include "t.h"
#include "deliver/hoststat.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

static char dir[64];

static void
test_paths(void)
{
	struct buf b = BUF_INIT;

	T_INTEQ(hoststat_path("/d", "mx1.Sub.Example.COM.", &b), 0);
	T_STREQ(buf_str(&b), "/d/com./example./sub./mx1");
	T_INTEQ(hoststat_path("/d/", "[127.0.0.3]", &b), 0);
	T_STREQ(buf_str(&b), "/d/3./0./0./127");
	T_INTEQ(hoststat_path("/d", "[IPv6:::1]", &b), 0);
	T_STREQ(buf_str(&b), "/d/ipv6:::1");
	T_INTEQ(hoststat_path("/d", "local", &b), 0);
	T_STREQ(buf_str(&b), "/d/local");
	/* what could leave the directory, or is no name */
	T_INTEQ(hoststat_path("/d", "a..b", &b), -1);
	T_INTEQ(hoststat_path("/d", ".a", &b), -1);
	T_INTEQ(hoststat_path("/d", "..", &b), -1);
	T_INTEQ(hoststat_path("/d", "a/b", &b), -1);
	T_INTEQ(hoststat_path("/d", "a b", &b), -1);
	T_INTEQ(hoststat_path("/d", "", &b), -1);
	T_INTEQ(hoststat_path("/d", "[]", &b), -1);
	T_INTEQ(hoststat_path("/d", NULL, &b), -1);
	T_INTEQ(hoststat_path("", "a", &b), -1);
	buf_free(&b);
}

static void
test_format(void)
{
	struct hoststat st, back;
	struct buf b = BUF_INIT, err = BUF_INIT;
	int line;

	memset(&st, 0, sizeof(st));
	st.exitstat = 0;
	snprintf(st.status, sizeof(st.status), "2.0.0");
	snprintf(st.reply, sizeof(st.reply), "250 2.0.0 Ok\r\nsmuggled");
	st.has_reply = true;
	st.updated = 1795514588;
	hoststat_format(&st, &b);
	T_STREQ(buf_str(&b), "V0\nE0\nH0\nS0\nD2.0.0\n"
	    "R250 2.0.0 Ok  smuggled\nU1795514588\n.\n");
	T_INTEQ(hoststat_parse(b.data, b.len, &back, &line, &err), 0);
	T_INTEQ(back.updated, 1795514588);
	T_STREQ(back.status, "2.0.0");
	T_STREQ(back.reply, "250 2.0.0 Ok  smuggled");
	/* the real one's files */
	buf_set(&b, "V0\nE111\nH0\nS75\nD4.4.1\nU1795514588\n.\n");
	T_INTEQ(hoststat_parse(b.data, b.len, &back, &line, &err), 0);
	T_CHECK(back.err == 111 && back.exitstat == 75 && !back.has_reply);
	/* odd files */
	buf_reset(&err);
	T_INTEQ(hoststat_parse("V1\nU5\n.\n", 8, &back, &line, &err), -1);
	T_STREQ(buf_str(&err), "Unknown host status version 1: 0 max");
	T_INTEQ(line, 1);
	buf_reset(&err);
	T_INTEQ(hoststat_parse("V0\nX1\n", 6, &back, &line, &err), -1);
	T_STREQ(buf_str(&err), "could not read status file");
	T_INTEQ(hoststat_parse("V0\nSabc\n", 8, &back, &line, &err), -1);
	T_INTEQ(hoststat_parse("V0\n\n", 4, &back, &line, &err), -1);
	T_INTEQ(hoststat_parse("V0\nS75\n", 7, &back, &line, &err), 0);
	T_INTEQ(hoststat_parse("", 0, &back, &line, &err), 0);
	T_INTEQ(hoststat_parse("S99999999999999999999\n", 22, &back, &line,
	    &err), -1);
	buf_free(&b);
	buf_free(&err);
}

static void
test_result(void)
{
	static const struct { int e, s; const char *r, *want; } v[] = {
		{ 0, 0, NULL, "OK" },
		{ 13, 0, NULL, "OK: Permission denied" },
		{ 111, 75, NULL, "Deferred: Connection refused" },
		{ 0, 75, NULL, "4.0.0 Deferred" },
		{ 4000, 75, NULL, "Deferred: Unknown error" },
		{ 13, 69, NULL, "5.0.0 Service unavailable" },
		{ 0, 68, NULL, "5.1.2 Host unknown" },
		{ 0, 63, NULL, "Unknown mailer error 63" },
		{ 111, 75, "421 bye", "421 bye" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct hoststat st;

		memset(&st, 0, sizeof(st));
		st.err = v[i].e;
		st.exitstat = v[i].s;
		if (v[i].r != NULL) {
			snprintf(st.reply, sizeof(st.reply), "%s", v[i].r);
			st.has_reply = true;
		}
		buf_reset(&b);
		hoststat_result(&st, &b);
		T_STREQ(buf_str(&b), v[i].want);
	}
	buf_free(&b);
}

/* write, read back, print, purge; delivery's cache */
static void
test_files(void)
{
	struct hoststat st, back;
	struct buf why = BUF_INIT, path = BUF_INIT;
	char status[16], *text = NULL;
	size_t len = 0;
	FILE *out;
	time_t now = 1795514600;
	struct stat sb;

	memset(&st, 0, sizeof(st));
	st.err = ECONNREFUSED;
	st.exitstat = EX_TEMPFAIL;
	snprintf(st.status, sizeof(st.status), "4.4.1");
	st.updated = now - 60;
	T_INTEQ(hoststat_write(dir, "[127.0.0.3]", &st), 0);
	T_INTEQ(hoststat_read(dir, "127.0.0.3", &back), 1);
	T_CHECK(back.err == ECONNREFUSED && back.updated == now - 60);
	T_INTEQ(hoststat_read(dir, "nowhere.example", &back), 0);
	T_INTEQ(hoststat_path(dir, "127.0.0.3", &path), 0);
	T_INTEQ(stat(buf_str(&path), &sb), 0);
	T_INTEQ(sb.st_mode & 07777, 0600);
	/* the cache: recent connection failures only */
	T_CHECK(hoststat_cached(dir, "[127.0.0.3]", now, 1800, &why, status));
	T_STREQ(buf_str(&why), "Connection refused by [127.0.0.3]");
	T_STREQ(status, "4.4.1");
	T_CHECK(!hoststat_cached(dir, "[127.0.0.3]", now + 1800, 1800, &why,
	    status));
	T_CHECK(!hoststat_cached(dir, "[127.0.0.3]", now, 0, &why, status));
	T_CHECK(!hoststat_cached(dir, "[127.0.0.3]:[127.0.0.4]", now, 1800,
	    &why, status));
	T_CHECK(!hoststat_cached(NULL, "[127.0.0.3]", now, 1800, &why, status));
	/* recording: a refusal, a lookup failure, a delivery */
	T_INTEQ(hoststat_record(dir, "[127.0.0.4]", 0, "4.4.1",
	    "Connection refused by [127.0.0.4]", false, false, now), 0);
	T_INTEQ(hoststat_read(dir, "127.0.0.4", &back), 1);
	T_CHECK(back.err == ECONNREFUSED && back.exitstat == EX_TEMPFAIL &&
	    !back.has_reply && strcmp(back.status, "4.4.1") == 0);
	T_CHECK(hoststat_cached(dir, "[127.0.0.3]:[127.0.0.4]", now, 1800,
	    &why, status));
	T_INTEQ(hoststat_record(dir, "mx.example.com", 0, "4.4.3",
	    "Name server: mx.example.com: host name lookup failure", false,
	    false, now), 0);
	T_INTEQ(hoststat_read(dir, "mx.example.com", &back), 1);
	T_CHECK(back.err == EAGAIN && back.herr == TRY_AGAIN);
	/* a failed lookup is asked again, not cached */
	T_CHECK(!hoststat_cached(dir, "mx.example.com", now, 1800, &why,
	    status));
	T_INTEQ(hoststat_record(dir, "[127.0.0.1]", 250, "2.0.0",
	    "250 2.0.0 Ok: queued", true, true, now), 0);
	T_INTEQ(hoststat_read(dir, "127.0.0.1", &back), 1);
	T_CHECK(back.exitstat == 0 && back.has_reply &&
	    strcmp(back.reply, "250 2.0.0 Ok: queued") == 0);
	T_INTEQ(hoststat_record(dir, "[127.0.0.2]", 550, "5.1.1",
	    "550 5.1.1 no", false, true, now), 0);
	T_INTEQ(hoststat_read(dir, "127.0.0.2", &back), 1);
	T_CHECK(back.exitstat == 0 && !back.has_reply);
	T_INTEQ(hoststat_record(dir, "[127.0.0.5]", 421, "4.3.2",
	    "421 4.3.2 bye", false, false, now), 0);
	T_INTEQ(hoststat_read(dir, "127.0.0.5", &back), 1);
	T_CHECK(back.exitstat == EX_TEMPFAIL && back.has_reply);
	T_CHECK(hoststat_cached(dir, "[127.0.0.5]", now, 1800, &why, status));
	T_STREQ(buf_str(&why), "421 4.3.2 bye");
	T_INTEQ(hoststat_record(dir, "x", 0, NULL, "Host unknown (...)",
	    false, false, now), 0);
	T_INTEQ(hoststat_read(dir, "x", &back), 0);
	/* the table */
	out = open_memstream(&text, &len);
	T_INTEQ(hoststat_print(dir, now, out, out), 0);
	fclose(out);
	T_CHECK(text != NULL && strncmp(text, " -------------- Hostname", 24) == 0);
	T_CHECK(text != NULL && strstr(text, "\n 127.0.0.3                      "
	    "             00:01:00 Deferred: Connection refu\n") != NULL);
	T_CHECK(text != NULL && strstr(text, "\n mx.example.com ") != NULL);
	free(text);
	/* purge: everything written now is older than -1 s */
	out = open_memstream(&text, &len);
	T_INTEQ(hoststat_purge(dir, time(NULL) + 10, 1, out), 6);
	T_INTEQ(hoststat_purge(dir, time(NULL) + 10, 1, out), 0);
	fclose(out);
	free(text);
	buf_free(&why);
	buf_free(&path);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "build/unit-hoststat.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	test_paths();
	test_format();
	test_result();
	test_files();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			t_failed++;
	}
	T_DONE();
}
