/*
 * map_arith.c - the arith class: $(arith op $@ a $@ b $) with op one of
 * + - * / % | & (integers), l and = (TRUE or FALSE), r (a random
 * number from a to b).  K-line options are ignored, the -a suffix
 * included.  Missing operands or an unknown operator: EX_CONFIG;
 * division by zero: EX_DATAERR; both not found.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <stdlib.h>
#include <sysexits.h>

/* map_arith_lookup - compute */
static void
map_arith_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	long v1, v2, r = 0;
	int boolres = -1;

	(void)m;
	if (av == NULL || av[0] == NULL || av[1] == NULL || av[2] == NULL) {
		res->status = EX_CONFIG;
		return;
	}
	v1 = strtol(av[1], NULL, 10);
	v2 = strtol(av[2], NULL, 10);
	switch (key[0]) {
	case '|':
		r = v1 | v2;
		break;
	case '&':
		r = v1 & v2;
		break;
	case '+':
		r = (long)((unsigned long)v1 + (unsigned long)v2);
		break;
	case '-':
		r = (long)((unsigned long)v1 - (unsigned long)v2);
		break;
	case '*':
		r = (long)((unsigned long)v1 * (unsigned long)v2);
		break;
	case '/':
	case '%':
		if (v2 == 0 || (v2 == -1 && v1 < -__LONG_MAX__)) {
			res->status = EX_DATAERR;
			return;
		}
		r = key[0] == '/' ? v1 / v2 : v1 % v2;
		break;
	case 'l':
		boolres = v1 < v2;
		break;
	case '=':
		boolres = v1 == v2;
		break;
	case 'r':
		if (v1 > v2) {
			res->status = EX_DATAERR;
			return;
		}
		r = v1 + (long)((unsigned long)random() %
		    ((unsigned long)v2 - (unsigned long)v1 + 1 == 0 ? 1 :
		    (unsigned long)v2 - (unsigned long)v1 + 1));
		break;
	default:
		res->status = EX_CONFIG;
		return;
	}
	buf_reset(&res->value);
	if (boolres >= 0)
		buf_adds(&res->value, boolres ? "TRUE" : "FALSE");
	else
		buf_addf(&res->value, "%ld", r);
	res->found = true;
	res->status = EX_OK;
}

const struct map_class map_class_arith = {
	"arith", MAP_C_OPTFILE, map_dequote_parse, NULL, map_arith_lookup,
	NULL,
};
