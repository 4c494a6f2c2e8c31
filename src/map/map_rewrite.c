/* map_rewrite.c - %n substitution and the -a suffix on found values */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <string.h>
#include <sysexits.h>

/* map_rewrite - see map_impl.h */
void
map_rewrite(const struct map *m, const char *s, size_t len,
    const char *const *av, struct buf *out)
{
	const char *const *avp;
	size_t i;
	int c, n;

	buf_reset(out);
	len = strnlen(s, len);
	if (av == NULL)
		buf_add(out, s, len);
	else {
		for (i = 0; i < len; i++) {
			c = (unsigned char)s[i];
			if (c != '%') {
				buf_addc(out, c);
				continue;
			}
			if (++i >= len) {
				buf_addc(out, '%');
				break;
			}
			c = (unsigned char)s[i];
			if (c == '%') {
				buf_addc(out, '%');
				continue;
			}
			if (!isdigit(c)) {
				buf_addc(out, '%');
				buf_addc(out, c);
				continue;
			}
			/* %n past the last argument inserts nothing */
			for (avp = av, n = c - '0'; n > 0 && *avp != NULL; n--)
				avp++;
			if (*avp != NULL)
				buf_adds(out, *avp);
		}
	}
	if (m->app != NULL)
		buf_adds(out, m->app);
}

/* map_found - set res to found with the rewritten value */
void
map_found(const struct map *m, struct map_result *res, const char *s,
    size_t len, const char *const *av)
{
	map_rewrite(m, s, len, av, &res->value);
	res->found = true;
	res->status = EX_OK;
}
