/* dynlib.c - stubs that load their libraries on first use */
#include "util/dynlib.h"

#include "util/log.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include <ares.h>
#include <arpa/nameser.h>
#include <db.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <resolv.h>
#include <sasl/sasl.h>
#include <sasl/saslutil.h>

static const char *const dynlib_soname[DYNLIB_N] = {
	[DYNLIB_SSL] = "libssl.so.3",
	[DYNLIB_CRYPTO] = "libcrypto.so.3",
	[DYNLIB_SASL] = "libsasl2.so.2",
	[DYNLIB_EVENT] = "libevent-2.1.so.7",
	[DYNLIB_CARES] = "libcares.so.2",
	[DYNLIB_DB] = "libdb-5.3.so",
	[DYNLIB_RESOLV] = "libresolv.so.2",
};
static void *dynlib_handle[DYNLIB_N];
static pthread_mutex_t dynlib_lock = PTHREAD_MUTEX_INITIALIZER;

static void
dynlib_fail(const char *what, const char *why)
{
	log_line(LOG_CRIT, "cannot load %s: %s", what, why);
	fprintf(stderr, "sendmail: cannot load %s: %s\n", what, why);
	_exit(EX_OSERR);
}

/*
 * dynlib_sym - the address of name in lib, loading lib first if need be.
 * RTLD_GLOBAL as if linked: SASL's plugins and OpenSSL's providers see
 * the library they expect.  The set-group-ID program cannot be pointed
 * elsewhere: the dynamic linker ignores LD_LIBRARY_PATH in it.
 */
static void *
dynlib_sym(enum dynlib_id lib, const char *name)
{
	void *h, *f;

	if (pthread_mutex_lock(&dynlib_lock) != 0)
		dynlib_fail(dynlib_soname[lib], "lock");
	h = dynlib_handle[lib];
	if (h == NULL) {
		h = dlopen(dynlib_soname[lib], RTLD_NOW | RTLD_GLOBAL);
		if (h == NULL)
			dynlib_fail(dynlib_soname[lib], dlerror());
		__atomic_store_n(&dynlib_handle[lib], h, __ATOMIC_RELEASE);
	}
	(void)pthread_mutex_unlock(&dynlib_lock);
	if ((f = dlsym(h, name)) == NULL)
		dynlib_fail(name, dlerror());
	return f;
}

bool
dynlib_loaded(enum dynlib_id lib)
{
	return __atomic_load_n(&dynlib_handle[lib], __ATOMIC_ACQUIRE) != NULL;
}

/* each stub: the real function's address, looked up once */
#define DYNLIB_PTR(lib, name)						\
	static __typeof__(name) *p;					\
	__typeof__(name) *f = __atomic_load_n(&p, __ATOMIC_ACQUIRE);	\
	if (f == NULL) {						\
		f = (__typeof__(name) *)dynlib_sym(lib, #name);		\
		__atomic_store_n(&p, f, __ATOMIC_RELEASE);		\
	}
#define DYNLIB_FN(lib, ret, name, params, args)				\
	ret name params { DYNLIB_PTR(lib, name) return f args; }
#define DYNLIB_VOID(lib, name, params, args)				\
	void name params { DYNLIB_PTR(lib, name) f args; }

/* the lines of dynlib_syms.h: LAZY(library, ret, name, params, args) */
#define LAZY(lib, r, n, p, a)	DYNLIB_FN(DYNLIB_##lib, r, n, p, a)
#define LAZY_VOID(lib, n, p, a)	DYNLIB_VOID(DYNLIB_##lib, n, p, a)

#include "util/dynlib_syms.h"
