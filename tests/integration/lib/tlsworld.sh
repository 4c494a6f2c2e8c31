#!/bin/sh
# tlsworld.sh - certificates and SASL users for the integration tests that
# run tern with STARTTLS and AUTH (sourced; POSIX sh).
#   tls_ca DIR                  a CA: DIR/ca.crt, DIR/ca.key (root 0600),
#                               DIR/cacerts/ (ca.crt and its hash link, for
#                               CACertPath)
#   tls_cert DIR NAME CN        a certificate signed by DIR's CA, good for
#                               TLS server and client use: DIR/NAME.crt
#                               (0644), DIR/NAME.key (root 0600)
#   sasl_user DIR USER PASS REALM UID
#                               DIR/sasldb2 with USER@REALM (saslpasswd2),
#                               owned by UID 0600, and DIR/Sendmail.conf
#                               (auxprop sasldb, PLAIN LOGIN CRAM-MD5) for
#                               SASL_CONF_PATH=DIR
# Keys are EC P-256 (quick to make).  Every function returns non-zero and
# says why on stderr when a step fails.
tls_ca() {
	_d=$1
	mkdir -p "$_d/cacerts" || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$_d/ca.key" -out "$_d/ca.crt" -days 2 \
		-subj "/O=tern tests/CN=tern test CA" >/dev/null 2>"$_d/ca.err" ||
		{ cat "$_d/ca.err" >&2; return 1; }
	rm -f "$_d/ca.err"; chmod 0600 "$_d/ca.key" && chmod 0644 "$_d/ca.crt" &&
	cp "$_d/ca.crt" "$_d/cacerts/ca.pem" &&
	openssl rehash "$_d/cacerts" >/dev/null 2>&1 &&
	chmod 0755 "$_d" "$_d/cacerts"
}

tls_cert() {
	_d=$1; _n=$2; _cn=$3
	printf '%s\n' "basicConstraints=CA:FALSE" \
		"keyUsage=digitalSignature,keyEncipherment" \
		"extendedKeyUsage=serverAuth,clientAuth" \
		"subjectAltName=DNS:$_cn" > "$_d/$_n.ext" &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$_d/$_n.key" -out "$_d/$_n.csr" \
		-subj "/O=tern tests/CN=$_cn" >/dev/null 2>"$_d/$_n.err" &&
	openssl x509 -req -in "$_d/$_n.csr" -CA "$_d/ca.crt" \
		-CAkey "$_d/ca.key" -CAcreateserial -days 2 \
		-extfile "$_d/$_n.ext" -out "$_d/$_n.crt" \
		>/dev/null 2>>"$_d/$_n.err" ||
		{ cat "$_d/$_n.err" >&2; return 1; }
	rm -f "$_d/$_n.csr" "$_d/$_n.ext" "$_d/$_n.err"
	chmod 0600 "$_d/$_n.key" && chmod 0644 "$_d/$_n.crt"
}

sasl_user() {
	_d=$1; _u=$2; _p=$3; _r=$4; _owner=$5
	mkdir -p "$_d" || return 1
	printf 'pwcheck_method: auxprop\nauxprop_plugin: sasldb\nsasldb_path: %s\nmech_list: PLAIN LOGIN CRAM-MD5\n' \
		"$_d/sasldb2" > "$_d/Sendmail.conf" || return 1
	printf '%s' "$_p" | /usr/sbin/saslpasswd2 -f "$_d/sasldb2" -p -c \
		-u "$_r" "$_u" || return 1
	chown "$_owner:$_owner" "$_d/sasldb2" && chmod 0600 "$_d/sasldb2" &&
	chmod 0644 "$_d/Sendmail.conf" && chmod 0755 "$_d"
}
