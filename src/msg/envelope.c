/* envelope.c - the message envelope shared by intake, queue and delivery */
#include "msg/envelope.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

void
envelope_init(struct envelope *e)
{
	memset(e, 0, sizeof(*e));
	hdr_list_init(&e->headers);
}

void
envelope_free(struct envelope *e)
{
	size_t i;

	free(e->sender);
	free(e->envid);
	free(e->auth);
	free(e->bodytype);
	free(e->ctladdr);
	free(e->errors_to);
	free(e->message);
	free(e->qdir);
	free(e->sender_paddr);
	free(e->quarantine);
	free(e->dfdir);
	free(e->envid_xtext);
	for (i = 0; i < e->nrcpts; i++) {
		free(e->rcpts[i].addr);
		free(e->rcpts[i].orcpt);
		free(e->rcpts[i].final);
		free(e->rcpts[i].status);
		free(e->rcpts[i].reply);
		free(e->rcpts[i].paddr);
		free(e->rcpts[i].ctladdr);
		free(e->rcpts[i].orcpt_xtext);
	}
	free(e->rcpts);
	for (i = 0; i < e->nmacros; i++) {
		free(e->macros[i].name);
		free(e->macros[i].value);
	}
	free(e->macros);
	hdr_list_free(&e->headers);
	envelope_init(e);
}

struct rcpt *
envelope_add_rcpt(struct envelope *e, const char *addr)
{
	struct rcpt *r;

	if (e->nrcpts == e->rcap) {
		e->rcap = e->rcap ? e->rcap * 2 : 8;
		e->rcpts = xreallocarray(e->rcpts, e->rcap, sizeof(*e->rcpts));
	}
	r = &e->rcpts[e->nrcpts++];
	memset(r, 0, sizeof(*r));
	r->addr = xstrdup(addr);
	return r;
}

void
envelope_set_macro(struct envelope *e, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < e->nmacros; i++)
		if (strcmp(e->macros[i].name, name) == 0) {
			free(e->macros[i].value);
			e->macros[i].value = xstrdup(value);
			return;
		}
	if (e->nmacros == e->mcap) {
		e->mcap = e->mcap ? e->mcap * 2 : 8;
		e->macros = xreallocarray(e->macros, e->mcap, sizeof(*e->macros));
	}
	e->macros[e->nmacros].name = xstrdup(name);
	e->macros[e->nmacros++].value = xstrdup(value);
}

const char *
envelope_macro(const struct envelope *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nmacros; i++)
		if (strcmp(e->macros[i].name, name) == 0)
			return e->macros[i].value;
	return NULL;
}
