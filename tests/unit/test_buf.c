/* test_buf.c - growable buffer */
#include "t.h"
#include "util/buf.h"

#include <stdlib.h>

int
main(void)
{
	struct buf b = BUF_INIT;
	int i;

	T_STREQ(buf_str(&b), "");
	buf_adds(&b, "abc");
	buf_addc(&b, 'd');
	buf_addf(&b, "%d-%s", 42, "x");
	T_STREQ(buf_str(&b), "abcd42-x");
	T_INTEQ(b.len, 8);
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'z');
	T_INTEQ(b.len, 10008);
	buf_truncate(&b, 2);
	T_STREQ(buf_str(&b), "ab");
	buf_add(&b, "\0q", 2);
	T_INTEQ(b.len, 4);
	char *s = buf_steal(&b);
	T_CHECK(b.data == NULL && b.len == 0);
	free(s);
	buf_free(&b);
	T_DONE();
}
