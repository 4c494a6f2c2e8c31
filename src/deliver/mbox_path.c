/* mbox_path.c - mailbox paths from user names that cannot escape */
#include "deliver/mbox_path.h"

#include <string.h>

/* mbox_path_user_ok - 1 when `user` is safe as one path component */
int
mbox_path_user_ok(const char *user)
{
	size_t n = strlen(user), i;

	if (n == 0 || n > MBOX_PATH_USER_MAX || user[0] == '-' ||
	    strcmp(user, ".") == 0 || strcmp(user, "..") == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)user[i];

		if (c == '/' || c < ' ' || c == 0x7f)
			return 0;
	}
	return 1;
}

/* mbox_path_build - dir + "/" + name, without doubling a slash */
void
mbox_path_build(struct buf *out, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	buf_reset(out);
	buf_adds(out, dir);
	if (n == 0 || dir[n - 1] != '/')
		buf_addc(out, '/');
	buf_adds(out, name);
}
