/* mode_bt.h - address test mode, drivable from tests */
#ifndef TERN_MODE_BT_H
#define TERN_MODE_BT_H

#include <stdio.h>

struct cf;

/* bt_run - read -bt commands from in, answer on out; the exit status */
int bt_run(struct cf *, FILE *in, FILE *out);

#endif
