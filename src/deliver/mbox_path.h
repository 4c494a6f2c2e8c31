/*
 * mbox_path - where a user's mail goes, and which names are safe.
 *
 * mbox_path_user_ok() accepts a user name only when it can be one path
 * component: not empty, not "." or "..", no '/', no control characters,
 * not starting with '-', at most MBOX_PATH_USER_MAX bytes.  (getpwnam
 * must still know it.)  mbox_path_build() makes "dir/user" (mbox) or
 * "home/file" (mail.local -h) in `out`.
 */
#ifndef TERN_MBOX_PATH_H
#define TERN_MBOX_PATH_H

#include "util/buf.h"

#define MBOX_PATH_USER_MAX 256

int mbox_path_user_ok(const char *user);
void mbox_path_build(struct buf *out, const char *dir, const char *name);

#endif
