/* token.c - the static operator tokens */
#include "addr/token.h"

const char tok_op[TOK_OP_COUNT][3] = {
	"$#", "$@", "$:", "$|", "$>", "$[", "$]", "$(", "$)"
};
