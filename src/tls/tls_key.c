/* tls_key.c - sendmail's permission check of the private key file */
#include "tls/tls_int.h"

#include <sys/stat.h>
#include <unistd.h>

/* tls_key_safe - regular, ours, no access for others, group only if ok */
bool
tls_key_safe(const char *path, bool group_ok, const char **why)
{
	struct stat st;

	*why = NULL;
	if (path == NULL || stat(path, &st) < 0) {
		*why = "cannot stat";
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		return false;
	}
	/* a key owned by someone else could be swapped by them */
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		*why = "bad owner";
		return false;
	}
	if (st.st_mode & (S_IWOTH | S_IWGRP)) {
		*why = "group or world writable";
		return false;
	}
	if (st.st_mode & (S_IROTH | S_IXOTH)) {
		*why = "world readable";
		return false;
	}
	if ((st.st_mode & S_IRGRP) && !group_ok) {
		*why = "group readable";
		return false;
	}
	return true;
}
