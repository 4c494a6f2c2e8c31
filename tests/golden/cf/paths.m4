divert(-1)
# paths.m4 - every path of the golden configurations under /tmp/w, the
# world directory as it is seen inside tests/world/enter.sh.  Same layout
# as tern's cf/tern-paths.m4 with TERN_PREFIX=/tmp/w:
#   /tmp/w/etc/mail/*            settings, maps, helpfile, service.switch
#   /tmp/w/etc/hosts             HostsFile
#   /tmp/w/var/spool/mqueue      MTA queue
#   /tmp/w/var/spool/clientmqueue  MSP queue
# The settings directory macro is expanded lazily by cfhead.m4 and the
# features, so setting it here (after cf.m4 is read) moves every default.
define(`MAIL_SETTINGS_DIR', `/tmp/w/etc/mail/')
define(`confHOSTS_FILE', `/tmp/w/etc/hosts')
define(`QUEUE_DIR', `/tmp/w/var/spool/mqueue')
define(`MSP_QUEUE_DIR', `/tmp/w/var/spool/clientmqueue')
divert(0)dnl
