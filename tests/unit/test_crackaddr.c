/* test_crackaddr.c - crackaddr against the real sendmail's /parse */
#include "t.h"
#include "addr_show.h"
#include "addr/crackaddr.h"

#include "addr_cases.h"

/* test_table - every recorded "Cracked address = " line */
static void
test_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(addr_ccases) / sizeof(addr_ccases[0]); i++) {
		struct buf out = BUF_INIT, shown = BUF_INIT;

		crackaddr(addr_ccases[i].in, &out);
		addr_show(&shown, buf_str(&out));
		if (strcmp(buf_str(&shown), addr_ccases[i].want) != 0)
			fprintf(stderr, "case %zu [%s]\n", i, addr_ccases[i].in);
		T_STREQ(buf_str(&shown), addr_ccases[i].want);
		buf_free(&out);
		buf_free(&shown);
	}
}

/* test_at - where the $g is, and appending to a non-empty buffer */
static void
test_at(void)
{
	struct buf out = BUF_INIT;
	char big[400];

	buf_adds(&out, "To: ");
	T_INTEQ(crackaddr_at("John $x <a@b>", &out), 13);
	T_STREQ(buf_str(&out), "To: John $x <$g>");
	buf_reset(&out);
	T_INTEQ(crackaddr_at("(just a comment)", &out), -1);
	T_STREQ(buf_str(&out), "(just a comment)");
	buf_reset(&out);
	T_INTEQ(crackaddr_at("g:;", &out), 3);
	buf_reset(&out);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[300] = '<';
	buf_adds(&out, "X");
	T_INTEQ(crackaddr_at(big, &out), 2);
	T_STREQ(buf_str(&out), "X<$g>");
	buf_reset(&out);
	T_INTEQ(crackaddr_at("", &out), -1);
	T_STREQ(buf_str(&out), "");
	buf_free(&out);
}

int
main(void)
{
	test_table();
	test_at();
	T_DONE();
}
