/*
 * test_traffic.c - the -X log: lines split across reads, CR LF, both
 * directions, a partial last line.
 */
#include "t.h"
#include "util/traffic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char *mem = NULL, want[512];
	size_t len = 0;
	FILE *fp = open_memstream(&mem, &len);
	struct traffic t;
	int pid = (int)getpid();

	T_CHECK(fp != NULL);
	traffic_init(&t, fp);
	traffic_in(&t, "HELO a", 6);
	traffic_in(&t, ".example\r\nMAIL FROM:<x>\r\n", 25);
	traffic_out(&t, "250 ok\r\n", 8);
	traffic_in(&t, "partial", 7);
	traffic_end(&t);
	fclose(fp);
	snprintf(want, sizeof(want),
	    "%05d <<< HELO a.example\n%05d <<< MAIL FROM:<x>\n"
	    "%05d >>> 250 ok\n%05d <<< partial\n", pid, pid, pid, pid);
	T_STREQ(mem, want);
	free(mem);

	/* no -X: nothing happens, nothing kept */
	traffic_init(&t, NULL);
	traffic_in(&t, "x\ny", 3);
	T_INTEQ((int)t.in.len, 0);
	traffic_end(&t);
	T_DONE();
}
