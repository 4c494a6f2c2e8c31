/*
 * dynlib_syms.h - every function tern calls in the libraries util/dynlib.c
 * loads on first use, with the prototype its header declares.  Made by
 * scripts/gen-dynlib-syms.py: a call to a function not listed here fails
 * to link until it is run again.
 */

/* libssl.so.3 */
LAZY(SSL, int, SSL_CIPHER_get_bits,
    (const SSL_CIPHER *a0, int *a1), (a0, a1))
LAZY(SSL, const char *, SSL_CIPHER_get_name,
    (const SSL_CIPHER *a0), (a0))
LAZY(SSL, int, SSL_CTX_check_private_key,
    (const SSL_CTX *a0), (a0))
LAZY(SSL, uint64_t, SSL_CTX_clear_options,
    (SSL_CTX *a0, uint64_t a1), (a0, a1))
LAZY(SSL, long int, SSL_CTX_ctrl,
    (SSL_CTX *a0, int a1, long int a2, void *a3), (a0, a1, a2, a3))
LAZY_VOID(SSL, SSL_CTX_free,
    (SSL_CTX *a0), (a0))
LAZY(SSL, X509_STORE *, SSL_CTX_get_cert_store,
    (const SSL_CTX *a0), (a0))
LAZY(SSL, int, SSL_CTX_load_verify_locations,
    (SSL_CTX *a0, const char *a1, const char *a2), (a0, a1, a2))
LAZY(SSL, SSL_CTX *, SSL_CTX_new,
    (const SSL_METHOD *a0), (a0))
LAZY(SSL, int, SSL_CTX_set0_tmp_dh_pkey,
    (SSL_CTX *a0, EVP_PKEY *a1), (a0, a1))
LAZY(SSL, int, SSL_CTX_set_cipher_list,
    (SSL_CTX *a0, const char *a1), (a0, a1))
LAZY(SSL, int, SSL_CTX_set_ciphersuites,
    (SSL_CTX *a0, const char *a1), (a0, a1))
LAZY_VOID(SSL, SSL_CTX_set_client_CA_list,
    (SSL_CTX *a0, struct stack_st_X509_NAME *a1), (a0, a1))
LAZY(SSL, uint64_t, SSL_CTX_set_options,
    (SSL_CTX *a0, uint64_t a1), (a0, a1))
LAZY(SSL, int, SSL_CTX_set_session_id_context,
    (SSL_CTX *a0, const unsigned char *a1, unsigned int a2), (a0, a1, a2))
LAZY_VOID(SSL, SSL_CTX_set_verify,
    (SSL_CTX *a0, int a1, SSL_verify_cb a2), (a0, a1, a2))
LAZY(SSL, int, SSL_CTX_use_PrivateKey_file,
    (SSL_CTX *a0, const char *a1, int a2), (a0, a1, a2))
LAZY(SSL, int, SSL_CTX_use_certificate_chain_file,
    (SSL_CTX *a0, const char *a1), (a0, a1))
LAZY(SSL, int, SSL_connect,
    (SSL *a0), (a0))
LAZY(SSL, long int, SSL_ctrl,
    (SSL *a0, int a1, long int a2, void *a3), (a0, a1, a2, a3))
LAZY(SSL, int, SSL_do_handshake,
    (SSL *a0), (a0))
LAZY_VOID(SSL, SSL_free,
    (SSL *a0), (a0))
LAZY(SSL, X509 *, SSL_get1_peer_certificate,
    (const SSL *a0), (a0))
LAZY(SSL, const SSL_CIPHER *, SSL_get_current_cipher,
    (const SSL *a0), (a0))
LAZY(SSL, int, SSL_get_error,
    (const SSL *a0, int a1), (a0, a1))
LAZY(SSL, void *, SSL_get_ex_data,
    (const SSL *a0, int a1), (a0, a1))
LAZY(SSL, int, SSL_get_ex_data_X509_STORE_CTX_idx,
    (void), ())
LAZY(SSL, long int, SSL_get_verify_result,
    (const SSL *a0), (a0))
LAZY(SSL, const char *, SSL_get_version,
    (const SSL *a0), (a0))
LAZY(SSL, struct stack_st_X509_NAME *, SSL_load_client_CA_file,
    (const char *a0), (a0))
LAZY(SSL, SSL *, SSL_new,
    (SSL_CTX *a0), (a0))
LAZY(SSL, int, SSL_read,
    (SSL *a0, void *a1, int a2), (a0, a1, a2))
LAZY(SSL, int, SSL_read_ex,
    (SSL *a0, void *a1, size_t a2, size_t *a3), (a0, a1, a2, a3))
LAZY_VOID(SSL, SSL_set_accept_state,
    (SSL *a0), (a0))
LAZY_VOID(SSL, SSL_set_bio,
    (SSL *a0, BIO *a1, BIO *a2), (a0, a1, a2))
LAZY(SSL, int, SSL_set_ex_data,
    (SSL *a0, int a1, void *a2), (a0, a1, a2))
LAZY(SSL, int, SSL_set_fd,
    (SSL *a0, int a1), (a0, a1))
LAZY(SSL, int, SSL_shutdown,
    (SSL *a0), (a0))
LAZY(SSL, int, SSL_write,
    (SSL *a0, const void *a1, int a2), (a0, a1, a2))
LAZY(SSL, int, SSL_write_ex,
    (SSL *a0, const void *a1, size_t a2, size_t *a3), (a0, a1, a2, a3))
LAZY(SSL, const SSL_METHOD *, TLS_client_method,
    (void), ())
LAZY(SSL, const SSL_METHOD *, TLS_server_method,
    (void), ())

/* libcrypto.so.3 */
LAZY(CRYPTO, const unsigned char *, ASN1_STRING_get0_data,
    (const ASN1_STRING *a0), (a0))
LAZY(CRYPTO, int, ASN1_STRING_length,
    (const ASN1_STRING *a0), (a0))
LAZY(CRYPTO, long int, BIO_ctrl,
    (BIO *a0, int a1, long int a2, void *a3), (a0, a1, a2, a3))
LAZY(CRYPTO, size_t, BIO_ctrl_pending,
    (BIO *a0), (a0))
LAZY(CRYPTO, int, BIO_free,
    (BIO *a0), (a0))
LAZY(CRYPTO, BIO *, BIO_new,
    (const BIO_METHOD *a0), (a0))
LAZY(CRYPTO, BIO *, BIO_new_file,
    (const char *a0, const char *a1), (a0, a1))
LAZY(CRYPTO, int, BIO_read,
    (BIO *a0, void *a1, int a2), (a0, a1, a2))
LAZY(CRYPTO, const BIO_METHOD *, BIO_s_mem,
    (void), ())
LAZY(CRYPTO, int, BIO_write,
    (BIO *a0, const void *a1, int a2), (a0, a1, a2))
LAZY_VOID(CRYPTO, ERR_clear_error,
    (void), ())
LAZY_VOID(CRYPTO, ERR_error_string_n,
    (long unsigned int a0, char *a1, size_t a2), (a0, a1, a2))
LAZY(CRYPTO, long unsigned int, ERR_get_error,
    (void), ())
LAZY(CRYPTO, long unsigned int, ERR_peek_error,
    (void), ())
LAZY(CRYPTO, const char *, ERR_reason_error_string,
    (long unsigned int a0), (a0))
LAZY(CRYPTO, int, EVP_DecodeBlock,
    (unsigned char *a0, const unsigned char *a1, int a2), (a0, a1, a2))
LAZY_VOID(CRYPTO, EVP_PKEY_free,
    (EVP_PKEY *a0), (a0))
LAZY(CRYPTO, int, EVP_PKEY_is_a,
    (const EVP_PKEY *a0, const char *a1), (a0, a1))
LAZY(CRYPTO, const EVP_MD *, EVP_get_digestbyname,
    (const char *a0), (a0))
LAZY(CRYPTO, const EVP_MD *, EVP_md5,
    (void), ())
LAZY(CRYPTO, EVP_PKEY *, PEM_read_bio_Parameters,
    (BIO *a0, EVP_PKEY **a1), (a0, a1))
LAZY(CRYPTO, X509_LOOKUP_METHOD *, X509_LOOKUP_file,
    (void), ())
LAZY(CRYPTO, ASN1_STRING *, X509_NAME_ENTRY_get_data,
    (const X509_NAME_ENTRY *a0), (a0))
LAZY(CRYPTO, X509_NAME_ENTRY *, X509_NAME_get_entry,
    (const X509_NAME *a0, int a1), (a0, a1))
LAZY(CRYPTO, int, X509_NAME_get_index_by_NID,
    (const X509_NAME *a0, int a1, int a2), (a0, a1, a2))
LAZY(CRYPTO, char *, X509_NAME_oneline,
    (const X509_NAME *a0, char *a1, int a2), (a0, a1, a2))
LAZY(CRYPTO, int, X509_STORE_CTX_get_error,
    (const X509_STORE_CTX *a0), (a0))
LAZY(CRYPTO, void *, X509_STORE_CTX_get_ex_data,
    (const X509_STORE_CTX *a0, int a1), (a0, a1))
LAZY_VOID(CRYPTO, X509_STORE_CTX_set_error,
    (X509_STORE_CTX *a0, int a1), (a0, a1))
LAZY(CRYPTO, X509_LOOKUP *, X509_STORE_add_lookup,
    (X509_STORE *a0, X509_LOOKUP_METHOD *a1), (a0, a1))
LAZY(CRYPTO, int, X509_STORE_set_flags,
    (X509_STORE *a0, long unsigned int a1), (a0, a1))
LAZY(CRYPTO, int, X509_digest,
    (const X509 *a0, const EVP_MD *a1, unsigned char *a2, unsigned int *a3),
    (a0, a1, a2, a3))
LAZY_VOID(CRYPTO, X509_free,
    (X509 *a0), (a0))
LAZY(CRYPTO, X509_NAME *, X509_get_issuer_name,
    (const X509 *a0), (a0))
LAZY(CRYPTO, X509_NAME *, X509_get_subject_name,
    (const X509 *a0), (a0))
LAZY(CRYPTO, int, X509_load_cert_crl_file,
    (X509_LOOKUP *a0, const char *a1, int a2), (a0, a1, a2))

/* libsasl2.so.2 */
LAZY(SASL, int, sasl_decode64,
    (const char *a0, unsigned int a1, char *a2, unsigned int a3, unsigned
	int *a4),
    (a0, a1, a2, a3, a4))
LAZY_VOID(SASL, sasl_dispose,
    (sasl_conn_t **a0), (a0))
LAZY_VOID(SASL, sasl_done,
    (void), ())
LAZY(SASL, int, sasl_encode64,
    (const char *a0, unsigned int a1, char *a2, unsigned int a3, unsigned
	int *a4),
    (a0, a1, a2, a3, a4))
LAZY(SASL, int, sasl_getprop,
    (sasl_conn_t *a0, int a1, const void **a2), (a0, a1, a2))
LAZY(SASL, int, sasl_listmech,
    (sasl_conn_t *a0, const char *a1, const char *a2, const char *a3, const
	char *a4, const char **a5, unsigned int *a6, int *a7),
    (a0, a1, a2, a3, a4, a5, a6, a7))
LAZY(SASL, int, sasl_server_init,
    (const sasl_callback_t *a0, const char *a1), (a0, a1))
LAZY(SASL, int, sasl_server_new,
    (const char *a0, const char *a1, const char *a2, const char *a3, const
	char *a4, const sasl_callback_t *a5, unsigned int a6, sasl_conn_t **a7),
    (a0, a1, a2, a3, a4, a5, a6, a7))
LAZY(SASL, int, sasl_server_start,
    (sasl_conn_t *a0, const char *a1, const char *a2, unsigned int a3, const
	char **a4, unsigned int *a5),
    (a0, a1, a2, a3, a4, a5))
LAZY(SASL, int, sasl_server_step,
    (sasl_conn_t *a0, const char *a1, unsigned int a2, const char **a3,
	unsigned int *a4),
    (a0, a1, a2, a3, a4))
LAZY(SASL, int, sasl_setprop,
    (sasl_conn_t *a0, int a1, const void *a2), (a0, a1, a2))

/* libevent-2.1.so.7 */
LAZY_VOID(EVENT, bufferevent_free,
    (struct bufferevent *a0), (a0))
LAZY(EVENT, struct evbuffer *, bufferevent_get_input,
    (struct bufferevent *a0), (a0))
LAZY(EVENT, struct evbuffer *, bufferevent_get_output,
    (struct bufferevent *a0), (a0))
LAZY(EVENT, int, bufferevent_getfd,
    (struct bufferevent *a0), (a0))
LAZY(EVENT, int, bufferevent_set_timeouts,
    (struct bufferevent *a0, const struct timeval *a1, const struct timeval
	*a2),
    (a0, a1, a2))
LAZY_VOID(EVENT, bufferevent_setcb,
    (struct bufferevent *a0, bufferevent_data_cb a1, bufferevent_data_cb a2,
	bufferevent_event_cb a3, void *a4),
    (a0, a1, a2, a3, a4))
LAZY(EVENT, struct bufferevent *, bufferevent_socket_new,
    (struct event_base *a0, int a1, int a2), (a0, a1, a2))
LAZY_VOID(EVENT, bufferevent_trigger,
    (struct bufferevent *a0, short int a1, int a2), (a0, a1, a2))
LAZY(EVENT, int, bufferevent_write,
    (struct bufferevent *a0, const void *a1, size_t a2), (a0, a1, a2))
LAZY(EVENT, int, evbuffer_commit_space,
    (struct evbuffer *a0, struct iovec *a1, int a2), (a0, a1, a2))
LAZY(EVENT, int, evbuffer_drain,
    (struct evbuffer *a0, size_t a1), (a0, a1))
LAZY(EVENT, int, evbuffer_freeze,
    (struct evbuffer *a0, int a1), (a0, a1))
LAZY(EVENT, size_t, evbuffer_get_length,
    (const struct evbuffer *a0), (a0))
LAZY(EVENT, int, evbuffer_remove,
    (struct evbuffer *a0, void *a1, size_t a2), (a0, a1, a2))
LAZY(EVENT, int, evbuffer_reserve_space,
    (struct evbuffer *a0, ssize_t a1, struct iovec *a2, int a3),
    (a0, a1, a2, a3))
LAZY(EVENT, int, evbuffer_unfreeze,
    (struct evbuffer *a0, int a1), (a0, a1))
LAZY(EVENT, int, event_add,
    (struct event *a0, const struct timeval *a1), (a0, a1))
LAZY(EVENT, int, event_base_dispatch,
    (struct event_base *a0), (a0))
LAZY_VOID(EVENT, event_base_free,
    (struct event_base *a0), (a0))
LAZY(EVENT, int, event_base_loopexit,
    (struct event_base *a0, const struct timeval *a1), (a0, a1))
LAZY(EVENT, struct event_base *, event_base_new,
    (void), ())
LAZY(EVENT, int, event_del,
    (struct event *a0), (a0))
LAZY_VOID(EVENT, event_free,
    (struct event *a0), (a0))
LAZY(EVENT, struct event *, event_new,
    (struct event_base *a0, int a1, short int a2, event_callback_fn a3, void
	*a4),
    (a0, a1, a2, a3, a4))

/* libcares.so.2 */
LAZY_VOID(CARES, ares_cancel,
    (ares_channel a0), (a0))
LAZY_VOID(CARES, ares_destroy,
    (ares_channel a0), (a0))
LAZY_VOID(CARES, ares_free_data,
    (void *a0), (a0))
LAZY_VOID(CARES, ares_freeaddrinfo,
    (struct ares_addrinfo *a0), (a0))
LAZY_VOID(CARES, ares_getaddrinfo,
    (ares_channel a0, const char *a1, const char *a2, const struct
	ares_addrinfo_hints *a3, ares_addrinfo_callback a4, void *a5),
    (a0, a1, a2, a3, a4, a5))
LAZY_VOID(CARES, ares_gethostbyaddr,
    (ares_channel a0, const void *a1, int a2, int a3, ares_host_callback a4,
	void *a5),
    (a0, a1, a2, a3, a4, a5))
LAZY(CARES, int, ares_getsock,
    (ares_channel a0, ares_socket_t *a1, int a2), (a0, a1, a2))
LAZY(CARES, int, ares_init_options,
    (ares_channel *a0, struct ares_options *a1, int a2), (a0, a1, a2))
LAZY(CARES, int, ares_library_init,
    (int a0), (a0))
LAZY(CARES, int, ares_parse_mx_reply,
    (const unsigned char *a0, int a1, struct ares_mx_reply **a2), (a0, a1, a2))
LAZY_VOID(CARES, ares_process_fd,
    (ares_channel a0, ares_socket_t a1, ares_socket_t a2), (a0, a1, a2))
LAZY_VOID(CARES, ares_query,
    (ares_channel a0, const char *a1, int a2, int a3, ares_callback a4, void
	*a5),
    (a0, a1, a2, a3, a4, a5))
LAZY(CARES, int, ares_set_servers_ports_csv,
    (ares_channel a0, const char *a1), (a0, a1))
LAZY(CARES, const char *, ares_strerror,
    (int a0), (a0))
LAZY(CARES, struct timeval *, ares_timeout,
    (ares_channel a0, struct timeval *a1, struct timeval *a2), (a0, a1, a2))

/* libdb-5.3.so */
LAZY(DB, int, db_create,
    (DB **a0, DB_ENV *a1, u_int32_t a2), (a0, a1, a2))
LAZY(DB, char *, db_strerror,
    (int a0), (a0))

/* libresolv.so.2 */
LAZY(RESOLV, unsigned int, ns_get16,
    (const unsigned char *a0), (a0))
LAZY(RESOLV, int, ns_initparse,
    (const unsigned char *a0, int a1, ns_msg *a2), (a0, a1, a2))
LAZY(RESOLV, int, ns_parserr,
    (ns_msg *a0, ns_sect a1, int a2, ns_rr *a3), (a0, a1, a2, a3))
