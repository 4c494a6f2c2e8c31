/* cf_host.c - host identity macros and class w */
#include "cf/cf_host.h"
#include "cf/cf.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/option.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdbool.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* cf_host_set - set a one-letter macro */
static void
cf_host_set(struct cf *cf, int c, const char *v)
{
	macro_set(cf->macros, c, v);
}

/* cf_host_date - $b: the current date as sendmail writes it */
static void
cf_host_date(struct cf *cf)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return;
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	cf_host_set(cf, 'b', date);
}

void
cf_host_init(struct cf *cf)
{
	char host[256], *dot;
	struct hostent *he;
	struct utsname u;
	struct passwd *pw;
	char user[300];
	const char *canon;
	size_t i;

	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	he = gethostbyname(host);
	canon = he != NULL && he->h_name != NULL ? he->h_name : host;
	macro_set(cf->macros, 'j', canon);
	class_add(cf->classes, 'w', canon);
	class_add(cf->classes, 'w', host);
	if (he != NULL) {
		for (i = 0; he->h_aliases && he->h_aliases[i]; i++)
			class_add(cf->classes, 'w', he->h_aliases[i]);
		if (he->h_addrtype == AF_INET)
			for (i = 0; he->h_addr_list[i]; i++) {
				char a[INET_ADDRSTRLEN + 2], b[INET_ADDRSTRLEN];

				if (inet_ntop(AF_INET, he->h_addr_list[i], b, sizeof(b))) {
					snprintf(a, sizeof(a), "[%s]", b);
					class_add(cf->classes, 'w', a);
				}
			}
	}
	class_add(cf->classes, 'w', "localhost");
	dot = strchr(canon, '.');
	{
		char *shortname = xstrndup(canon, dot ? (size_t)(dot - canon) : strlen(canon));

		macro_set(cf->macros, 'w', shortname);
		class_add(cf->classes, 'w', shortname);
		free(shortname);
	}
	if (dot != NULL) {
		macro_set(cf->macros, 'm', dot + 1);
		class_add(cf->classes, 'm', dot + 1);
	}
	if (uname(&u) == 0) {
		macro_set(cf->macros, 'k', u.nodename);
		class_add(cf->classes, 'k', u.nodename);
	}
	cf_host_set(cf, 'v', TERN_VERSION);
	pw = getpwuid(getuid());
	snprintf(user, sizeof(user), "%s@localhost", pw ? pw->pw_name : "root");
	cf_host_set(cf, '_', user);
	cf_host_date(cf);
}

/* cf_host_probe - add the addresses (and names) of local interfaces */
static void
cf_host_probe(struct cf *cf, bool skip_loopback)
{
	struct ifaddrs *ifa, *i;
	char addr[INET6_ADDRSTRLEN], word[INET6_ADDRSTRLEN + 8];

	if (getifaddrs(&ifa) != 0)
		return;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL ||
		    (skip_loopback && (i->ifa_flags & IFF_LOOPBACK)))
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			struct sockaddr_in *sin = (struct sockaddr_in *)i->ifa_addr;
			struct hostent *he;

			if (!inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr)))
				continue;
			snprintf(word, sizeof(word), "[%s]", addr);
			class_add(cf->classes, 'w', word);
			he = gethostbyaddr(&sin->sin_addr, sizeof(sin->sin_addr), AF_INET);
			if (he != NULL && he->h_name != NULL)
				class_add(cf->classes, 'w', he->h_name);
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)i->ifa_addr;

			if (IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr) ||
			    IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
				continue;
			if (!inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr)))
				continue;
			snprintf(word, sizeof(word), "[IPv6:%s]", addr);
			class_add(cf->classes, 'w', word);
		}
	}
	freeifaddrs(ifa);
}

void
cf_host_finish(struct cf *cf)
{
	if (cf->opts->dont_probe_interfaces != OPT_DPI_PROBENONE)
		cf_host_probe(cf, cf->opts->dont_probe_interfaces ==
		    OPT_DPI_SKIPLOOPBACK);
}
