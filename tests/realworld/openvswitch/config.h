/* hawk realworld suite: a hand-written config.h for Open vSwitch 3.1.0 (Debian's
   openvswitch-source), replacing the one its ./configure would generate (~45 s here).
   Target: Linux, glibc, clang-19; no SSL, no DPDK, no AF_XDP, no libcap-ng, no unbound.
   Enough for lib/ (196 of its 221 .c files pass clang-19 -fsyntax-only with it; the
   suite uses the subset listed in tests/realworld/codebases.py). This is our file. */
#ifndef HAWK_REALWORLD_OVS_CONFIG_H
#define HAWK_REALWORLD_OVS_CONFIG_H 1

/* As AC_USE_SYSTEM_EXTENSIONS would. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#ifndef _ALL_SOURCE
# define _ALL_SOURCE 1
#endif
#ifndef _POSIX_PTHREAD_SEMANTICS
# define _POSIX_PTHREAD_SEMANTICS 1
#endif

#define PACKAGE "openvswitch"
#define PACKAGE_NAME "openvswitch"
#define PACKAGE_STRING "openvswitch 3.1.0"
#define PACKAGE_TARNAME "openvswitch"
#define PACKAGE_VERSION "3.1.0"
#define PACKAGE_BUGREPORT "bugs@openvswitch.org"
#define PACKAGE_URL ""
#define VERSION "3.1.0"
#define STDC_HEADERS 1
#define HAVE_STDATOMIC_H 1
#define HAVE_GCC4_ATOMICS 1
#define ATOMIC_ALWAYS_LOCK_FREE_1B 1
#define ATOMIC_ALWAYS_LOCK_FREE_2B 1
#define ATOMIC_ALWAYS_LOCK_FREE_4B 1
#define ATOMIC_ALWAYS_LOCK_FREE_8B 1
#define HAVE_THREAD_LOCAL 1
#define HAVE_PTHREAD_SPIN_LOCK 1
#define HAVE_GLIBC_PTHREAD_SETNAME_NP 1
#define HAVE_CLOCK_GETTIME 1
#define HAVE_BACKTRACE 1
#define HAVE_DECL_STRERROR_R 1
#define HAVE_STRERROR_R 1
#define STRERROR_R_CHAR_P 1
#define HAVE_DECL_SYS_SIGLIST 0
#define HAVE_DECL_MALLOC_TRIM 1
#define HAVE_SIGDESCR_NP 1
#define HAVE_STRNLEN 1
#define HAVE_POSIX_MEMALIGN 1
#define HAVE_MLOCKALL 1
#define HAVE_GETLOADAVG 1
#define HAVE_GETMNTENT_R 1
#define HAVE_MNTENT_H 1
#define HAVE_STATVFS 1
#define HAVE_SYS_STATVFS_H 1
#define HAVE_STRUCT_STAT_ST_MTIM_TV_NSEC 1
#define HAVE_STRUCT_SOCKADDR_IN6_SIN6_SCOPE_ID 1
#define HAVE_STRUCT_MMSGHDR_MSG_LEN 1
#define HAVE_SENDMMSG 1
#define HAVE_LINUX_TYPES_H 1
#define HAVE_LINUX_IF_ETHER_H 1
#define HAVE_LINUX_NET_NAMESPACE_H 1
#define HAVE_LINUX_PERF_EVENT_H 1
#define HAVE_BITS_FLOATN_COMMON_H 1
#define HAVE_VIRTIO_TYPES 1
#define HAVE_NETLINK 1
#define HAVE_PRAGMA_MESSAGE 1
#define HAVE_DLFCN_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDIO_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRINGS_H 1
#define HAVE_STRING_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_UNISTD_H 1
#define HAVE_WCHAR_H 1
#define HAVE_NLA_BITFIELD32 1
#define HAVE_SCTP_CONNTRACK_HEARTBEATS 1
#define HAVE_STRUCT_TCF_T_FIRSTUSE 1
#define HAVE_TCA_ACT_FLAGS_SKIP_HW 1
#define HAVE_TCA_MPLS_TTL 1
#define HAVE_TCA_PEDIT_KEY_EX_HDR_TYPE_UDP 1
#define HAVE_TCA_SKBEDIT_FLAGS 1
#define HAVE_TCA_STATS_PKT64 1
#define HAVE_TCA_TUNNEL_KEY_ENC_TTL 1
#define HAVE_TCA_VLAN_PUSH_VLAN_PRIORITY 1

#endif /* HAWK_REALWORLD_OVS_CONFIG_H */
