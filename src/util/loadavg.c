/* loadavg.c - the load average, or the test's stand-in */
#include "util/loadavg.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>

int
loadavg_get(void)
{
	const char *test = getenv("TERN_TEST_LOADAVG");
	double la[1];

	if (test != NULL && *test != '\0' && !getauxval(AT_SECURE)) {
		FILE *f = fopen(test, "r");
		int v = 0;

		if (f != NULL) {
			if (fscanf(f, "%d", &v) != 1)
				v = 0;
			fclose(f);
		}
		return v;
	}
	if (getloadavg(la, 1) < 1)
		return 0;
	return (int)(la[0] + 0.5);
}
