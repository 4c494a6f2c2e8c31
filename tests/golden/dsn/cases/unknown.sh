# an unknown local user from the command line, errors mailed back (-oem)
$SM -odi -oem -f alice nosuch < $MSG
