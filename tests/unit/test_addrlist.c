/* test_addrlist.c - address lists: sendmail's split, RFC 5322 shapes */
#include "t.h"
#include "addr/addrlist.h"
#include "util/buf.h"

#include <stdlib.h>

#include "addr_cases.h"

/* test_split - every address -bv reported is one of our entries
 * (sendmail drops duplicates and token-less addresses, so ours may be
 * more); tern's sendmail.cf sets OldStyleHeaders */
static void
test_split(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(addr_scases) / sizeof(addr_scases[0]); i++) {
		const char *in = addr_scases[i].in, *w = addr_scases[i].want;
		struct addrlist al = ADDRLIST_INIT;

		addrlist_parse(in, ADDRLIST_OLDSTYLE, &al);
		while (*w != '\0') {
			const char *nl = strchr(w, '\n');
			size_t len = (size_t)(nl - w);
			int found = 0;

			for (j = 0; j < al.n; j++)
				if (al.ent[j].len == len &&
				    memcmp(in + al.ent[j].off, w, len) == 0)
					found = 1;
			if (!found)
				fprintf(stderr, "case %zu [%s]: no [%.*s]\n", i, in,
				    (int)len, w);
			T_CHECK(found);
			w = nl + 1;
		}
		addrlist_free(&al);
	}
}

struct shape {
	const char *in;
	int flags;
	const char *want;	/* per entry: span|mbox|spec|name|group|flags; */
};

static const struct shape shapes[] = {
	{ "John Doe <jd@example.com>, \"Smith, Jane\" <js@example.com>", 0,
	    "John Doe <jd@example.com>|John Doe <jd@example.com>|jd@example.com|John Doe||8;"
	    "\"Smith, Jane\" <js@example.com>|\"Smith, Jane\" <js@example.com>|js@example.com|\"Smith, Jane\"||8;" },
	{ "a@b (Alice), (Bob) c@d", 0,
	    "a@b (Alice)|a@b (Alice)|a@b|||0;(Bob) c@d|(Bob) c@d|c@d|||0;" },
	{ "undisclosed-recipients:;", 0,
	    "undisclosed-recipients:;||||undisclosed-recipients|17;" },
	{ "team: a@b, \"X, Y\" <c@d>, e@f; other@g", 0,
	    "team: a@b|a@b|a@b||team|3;"
	    "\"X, Y\" <c@d>|\"X, Y\" <c@d>|c@d|\"X, Y\"|team|9;"
	    "e@f; other@g|e@f|e@f||team|5;" },
	{ "team: ; x@y", 0, "team: ; x@y||||team|17;" },
	{ "<@r1,@r2:u@h>, v@w", 0,
	    "<@r1,@r2:u@h>|<@r1,@r2:u@h>|@r1,@r2:u@h|||8;v@w|v@w|v@w|||0;" },
	{ "\"a\\\"b\" <c>, d\\,e", 0,
	    "\"a\\\"b\" <c>|\"a\\\"b\" <c>|c|\"a\\\"b\"||8;d\\|d\\|d\\|||0;e|e|e|||0;" },
	{ "A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;", 0,
	    "A Group:Ed Jones <c@a.test>|Ed Jones <c@a.test>|c@a.test|Ed Jones|A Group|b;"
	    "joe@where.test|joe@where.test|joe@where.test||A Group|1;"
	    "John <jdoe@one.test>;|John <jdoe@one.test>|jdoe@one.test|John|A Group|d;" },
	{ " , ,a,,\r\n\tb ,", 0, "a|a|a|||0;b |b|b|||0;" },
	{ "host::user, a:.b, [1:2]:c", 0,
	    "host::user|host::user|host::user|||0;a:.b|a:.b|a:.b|||0;"
	    "[1:2]:c|c|c||[1:2]|3;" },
	{ "(only a comment), <a,b>", 0,
	    "(only a comment)|(only a comment)||||10;<a|<a|a|||8;b>|b>|b>|||0;" },
	{ "x <a <b>> y", 0, "x <a <b>> y|x <a <b>> y|a <b>|x||8;" },
	{ "Name <unclosed", 0, "Name <unclosed|Name <unclosed|unclosed|Name||8;" },
	{ "a b  c", ADDRLIST_OLDSTYLE, "a|a|a|||0;b|b|b|||0;c|c|c|||0;" },
	{ "a b, c", ADDRLIST_OLDSTYLE, "a b|a b|a b|||0;c|c|c|||0;" },
	{ "\"a b\" c\\ d", ADDRLIST_OLDSTYLE,
	    "\"a b\"|\"a b\"|\"a b\"|||0;c\\|c\\|c\\|||0;d|d|d|||0;" },
	{ "", 0, "" },
	{ " ,\t", 0, "" },
};

/* show - one entry as "span|mbox|spec|name|group|flags;" */
static void
show(struct buf *b, const char *in, const struct addrlist_ent *e)
{
	buf_addf(b, "%.*s|%.*s|%.*s|%.*s|%.*s|%x;", (int)e->len, in + e->off,
	    (int)e->mbox_len, in + e->mbox_off, (int)e->spec_len,
	    in + e->spec_off, (int)e->name_len, in + e->name_off,
	    (int)e->group_len, in + e->group_off, e->flags);
}

/* test_shapes - the RFC 5322 view */
static void
test_shapes(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct addrlist al = ADDRLIST_INIT;
		struct buf b = BUF_INIT;

		T_INTEQ(addrlist_parse(shapes[i].in, shapes[i].flags, &al),
		    al.n);
		for (j = 0; j < al.n; j++)
			show(&b, shapes[i].in, &al.ent[j]);
		T_STREQ(buf_str(&b), shapes[i].want);
		buf_free(&b);
		addrlist_free(&al);
	}
}

/* test_append - entries are appended and the count returned */
static void
test_append(void)
{
	struct addrlist al = ADDRLIST_INIT;
	size_t i;

	T_INTEQ(addrlist_parse("a, b", 0, &al), 2);
	T_INTEQ(addrlist_parse("c", 0, &al), 1);
	T_INTEQ(al.n, 3);
	T_INTEQ(al.ent[2].off, 0);
	for (i = 0; i < 100; i++)
		addrlist_parse("x,y,z", 0, &al);
	T_INTEQ(al.n, 303);
	T_STREQ(addrlist_next("a\\,b", ','), ",b");
	T_STREQ(addrlist_next("<@a,@b:c>,d", ','), ",d");
	T_STREQ(addrlist_next("(a,b) c, d", ','), ", d");
	T_STREQ(addrlist_next("\"a b\" c", ' '), " c");
	addrlist_free(&al);
}

int
main(void)
{
	test_split();
	test_shapes();
	test_append();
	T_DONE();
}
