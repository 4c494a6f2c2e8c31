# the sender "bin" refuses its bounce too: a double bounce to postmaster
$SM -odi -oem -f bin@example.com nosuch < $MSG
