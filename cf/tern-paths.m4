divert(-1)
# tern-paths.m4 - every path of tern's configuration under one prefix.
#
# The build runs m4 with -D TERN_PREFIX=<prefix>; make run uses a
# prefix inside the checkout, make install the system one.  Ports come
# from TERN_SMTP_PORT / TERN_MSA_PORT (defaults 25 and 587), so the
# embedded demo can listen on high ports without touching the system.
# TERN_DEFAULT_USER (default mailnull:mailnull) is DefaultUser.
# TERN_MAILDIR, when given, is the mailbox directory mail.local writes
# (its -p option; default /var/mail): the embedded default keeps even
# the mailboxes inside the checkout.
# The install (make install, build/install-cf) names the directories one
# by one, as the GNU install variables do: TERN_SYSCONFDIR (/etc),
# TERN_LOCALSTATEDIR (/var), TERN_RUNSTATEDIR (/run) and TERN_LIBEXEC
# (/usr/libexec/tern, where mail.local and smrsh live).  Each defaults
# to its place under TERN_PREFIX (etc, var, run, libexec).
ifdef(`TERN_PREFIX',, `define(`TERN_PREFIX', `')')
ifdef(`TERN_SMTP_PORT',, `define(`TERN_SMTP_PORT', `smtp')')
ifdef(`TERN_MSA_PORT',, `define(`TERN_MSA_PORT', `587')')
ifdef(`TERN_DEFAULT_USER',, `define(`TERN_DEFAULT_USER', `mailnull:mailnull')')
ifdef(`TERN_SYSCONFDIR',, `define(`TERN_SYSCONFDIR', TERN_PREFIX`/etc')')
ifdef(`TERN_LOCALSTATEDIR',, `define(`TERN_LOCALSTATEDIR', TERN_PREFIX`/var')')
ifdef(`TERN_RUNSTATEDIR',, `define(`TERN_RUNSTATEDIR', TERN_PREFIX`/run')')
ifdef(`TERN_LIBEXEC',, `define(`TERN_LIBEXEC', TERN_PREFIX`/libexec')')
define(`TERN_ETC', TERN_SYSCONFDIR`/mail')
define(`HELP_FILE', TERN_ETC`/helpfile')
define(`confCW_FILE', `-o 'TERN_ETC`/local-host-names')
define(`confCT_FILE', TERN_ETC`/trusted-users')
define(`confCR_FILE', `-o 'TERN_ETC`/relay-domains')
define(`confSERVICE_SWITCH_FILE', TERN_ETC`/service.switch')
define(`confHOSTS_FILE', TERN_SYSCONFDIR`/hosts')
divert(0)dnl
