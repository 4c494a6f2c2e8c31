/* smtpc_options.c - a job's settings from the configuration's options */
#include "smtpc/smtpc.h"

#include "cf/option.h"

/* smtpc_job_options - Timeout.*, FallbackMXhost, EightBitMode, TLS */
void
smtpc_job_options(struct smtpc_job *j, const struct options *o)
{
	j->timeouts = o->to;
	j->fallback_mx = o->fallback_mx_host;
	if (o->eight_bit_mode != 0)
		j->eight_bit_mode = o->eight_bit_mode;
	j->tls_cert_file = o->client_cert_file;
	j->tls_key_file = o->client_key_file;
	j->tls_ca_file = o->ca_cert_file;
	j->tls_ca_path = o->ca_cert_path;
	j->tls_fallback_clear = o->tls_fallback_to_clear;
	j->tls_key_group_ok = option_dbs_isset(o,
	    OPT_DBS_GROUPREADABLEKEYFILE);
}
