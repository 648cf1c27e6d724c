/* unpifi.h — the book's header for get_ifi_info (Figure 17.5): struct
 * ifi_info, one per address of each interface, and the two functions of
 * lib/get_ifi_info.c.
 */
#ifndef UNPIFI_H
#define UNPIFI_H

#include <net/if.h>

#include "unp.h"

#define IFI_NAME 16  /* same as IFNAMSIZ in <net/if.h> */
#define IFI_HADDR 8  /* allow for 64-bit EUI-64 in future */
#define IFI_ALIAS 1  /* ifi_addr is an alias */

/* Figure 17.5 (unpifi.h) */
struct ifi_info {
    char ifi_name[IFI_NAME];      /* interface name, null-terminated */
    short ifi_index;              /* interface index */
    int ifi_mtu;                  /* interface MTU (the book: short, which makes loopback's 65536 a 0) */
    unsigned char ifi_haddr[IFI_HADDR]; /* hardware address */
    unsigned short ifi_hlen;      /* # bytes in hardware address: 0, 6, 8 */
    short ifi_flags;              /* IFF_xxx constants from <net/if.h> */
    short ifi_myflags;            /* our own IFI_xxx flags */
    struct sockaddr *ifi_addr;    /* primary address */
    struct sockaddr *ifi_brdaddr; /* broadcast address */
    struct sockaddr *ifi_dstaddr; /* destination address */
    struct ifi_info *ifi_next;    /* next of these structures */
};

struct ifi_info *get_ifi_info(int family, int doaliases);
void free_ifi_info(struct ifi_info *ifihead);

#endif
