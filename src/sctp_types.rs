//! The plain C types of `<netinet/sctp.h>` (the kernel's `<linux/sctp.h>`)
//! that UNP chapter 23 uses: [`sctp_initmsg`], [`sctp_sndrcvinfo`],
//! [`sctp_event_subscribe`], [`sctp_paddrparams`], [`sctp_status`] and
//! [`sctp_paddrinfo`], laid out byte for byte as the kernel reads and
//! writes them. Data only, below the C calls that take them (`sys`); the
//! calls are in `netinet_sctp.rs`. [chapter 23]
#![allow(non_camel_case_types)] // the C names are the point

use std::fmt;

/// `sctp_assoc_t`—an association's id on a one-to-many socket (C's
/// `__s32`): what [`sctp_sndrcvinfo::sinfo_assoc_id`] and the
/// notifications carry, and what `sctp_peeloff` takes.
pub type sctp_assoc_t = i32;

/// `struct sctp_initmsg`—the value of `SCTP_INITMSG`: how many streams to
/// ask for when an association starts (UNP §10.5: `sinit_num_ostreams`).
/// 8 bytes. Zero fields keep the kernel's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct sctp_initmsg {
    /// Outbound streams to ask for (Linux's default: 10).
    pub sinit_num_ostreams: u16,
    /// Inbound streams to accept at most.
    pub sinit_max_instreams: u16,
    /// INIT retransmissions before giving up.
    pub sinit_max_attempts: u16,
    /// The INIT timer's ceiling, in milliseconds.
    pub sinit_max_init_timeo: u16,
}

/// `struct sctp_sndrcvinfo`—what a message was sent or received with: its
/// stream, flags, payload protocol id and association (32 bytes). It
/// travels as ancillary data (`SCTP_SNDRCV`) beside the message:
/// [`sctp_sendmsg`](crate::sctp_sendmsg) builds it, [`sctp_recvmsg`](crate::sctp_recvmsg) fills it
/// in when `SCTP_EVENTS` has `sctp_data_io_event` on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct sctp_sndrcvinfo {
    /// The stream the message travels on.
    pub sinfo_stream: u16,
    /// Its stream sequence number (received messages).
    pub sinfo_ssn: u16,
    /// `SCTP_UNORDERED`, `SCTP_EOF`, `SCTP_ABORT`…
    pub sinfo_flags: u16,
    /// The payload protocol identifier: opaque to SCTP (network byte order
    /// by convention).
    pub sinfo_ppid: u32,
    /// A value of the sender's own, returned in send-failure notifications.
    pub sinfo_context: u32,
    /// Milliseconds the message may wait to be sent (0: forever).
    pub sinfo_timetolive: u32,
    /// The transmission sequence number (received messages).
    pub sinfo_tsn: u32,
    /// The cumulative TSN (received messages).
    pub sinfo_cumtsn: u32,
    /// The association the message belongs to.
    pub sinfo_assoc_id: sctp_assoc_t,
}

/// `struct sctp_event_subscribe`—the value of `SCTP_EVENTS`: one byte per
/// kind of notification (1: deliver it as a message with
/// `MSG_NOTIFICATION`). `sctp_data_io_event` asks for the
/// [`sctp_sndrcvinfo`] of each received message. 14 bytes, as the kernel
/// headers of Linux 6.1 declare it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct sctp_event_subscribe {
    /// A [`sctp_sndrcvinfo`] with every received message.
    pub sctp_data_io_event: u8,
    /// `SCTP_ASSOC_CHANGE`: an association came up, was lost, restarted…
    pub sctp_association_event: u8,
    /// `SCTP_PEER_ADDR_CHANGE`: a peer address became reachable or not.
    pub sctp_address_event: u8,
    /// `SCTP_SEND_FAILED`: a message could not be delivered.
    pub sctp_send_failure_event: u8,
    /// `SCTP_REMOTE_ERROR`: the peer sent an ERROR chunk.
    pub sctp_peer_error_event: u8,
    /// `SCTP_SHUTDOWN_EVENT`: the peer sent SHUTDOWN.
    pub sctp_shutdown_event: u8,
    /// `SCTP_PARTIAL_DELIVERY_EVENT`: a partial delivery was aborted.
    pub sctp_partial_delivery_event: u8,
    /// `SCTP_ADAPTATION_INDICATION` (the book's "adaption").
    pub sctp_adaptation_layer_event: u8,
    /// `SCTP_AUTHENTICATION_EVENT`.
    pub sctp_authentication_event: u8,
    /// `SCTP_SENDER_DRY_EVENT`: nothing left to send.
    pub sctp_sender_dry_event: u8,
    /// `SCTP_STREAM_RESET_EVENT`.
    pub sctp_stream_reset_event: u8,
    /// `SCTP_ASSOC_RESET_EVENT`.
    pub sctp_assoc_reset_event: u8,
    /// `SCTP_STREAM_CHANGE_EVENT`.
    pub sctp_stream_change_event: u8,
    /// `SCTP_SEND_FAILED_EVENT` (the newer form of `SCTP_SEND_FAILED`).
    pub sctp_send_failure_event_event: u8,
}

/// C's `struct sockaddr_storage` inside the packed SCTP structs: 128 bytes
/// holding a `sockaddr_in` or `sockaddr_in6`. Set and read it with
/// [`sctp_paddrparams::set_address`] and [`sctp_paddrinfo::address`].
pub type sockaddr_storage_bytes = [u8; 128];

/// `struct sctp_paddrparams`—the value of `SCTP_PEER_ADDR_PARAMS`: the
/// heartbeat interval and other settings of one peer address (or of every
/// address of an association, when the address is all zero). Packed, as
/// in C (`__attribute__((packed, aligned(4)))`): 156 bytes.
#[derive(Clone, Copy)]
#[repr(C, packed)]
pub struct sctp_paddrparams {
    /// The association (0 on a one-to-one socket).
    pub spp_assoc_id: sctp_assoc_t,
    /// The peer address (a `struct sockaddr_storage`).
    pub spp_address: sockaddr_storage_bytes,
    /// Milliseconds between heartbeats (UNP §23.9).
    pub spp_hbinterval: u32,
    /// Retransmissions before the address counts as unreachable.
    pub spp_pathmaxrxt: u16,
    /// The path MTU.
    pub spp_pathmtu: u32,
    /// The delayed-SACK time, milliseconds.
    pub spp_sackdelay: u32,
    /// `SPP_HB_ENABLE`, `SPP_HB_DISABLE`, `SPP_HB_DEMAND`…
    pub spp_flags: u32,
    /// The IPv6 flow label.
    pub spp_ipv6_flowlabel: u32,
    /// The DSCP.
    pub spp_dscp: u8,
    /// C's `aligned(4)` rounds the size up to 156.
    pub _pad: u8,
}

impl Default for sctp_paddrparams {
    fn default() -> Self {
        sctp_paddrparams {
            spp_assoc_id: 0,
            spp_address: [0; 128],
            spp_hbinterval: 0,
            spp_pathmaxrxt: 0,
            spp_pathmtu: 0,
            spp_sackdelay: 0,
            spp_flags: 0,
            spp_ipv6_flowlabel: 0,
            spp_dscp: 0,
            _pad: 0,
        }
    }
}

impl fmt::Debug for sctp_paddrparams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (id, hb, flags) = (self.spp_assoc_id, self.spp_hbinterval, self.spp_flags);
        write!(
            f,
            "{{spp_assoc_id={id}, spp_hbinterval={hb}, spp_flags={flags:#x}}}"
        )
    }
}

/// `struct sctp_paddrinfo`—one peer address's state, as `SCTP_STATUS`
/// reports the primary one. Packed, as in C: 152 bytes.
#[derive(Clone, Copy)]
#[repr(C, packed)]
pub struct sctp_paddrinfo {
    /// The association.
    pub spinfo_assoc_id: sctp_assoc_t,
    /// The address (a `struct sockaddr_storage`).
    pub spinfo_address: sockaddr_storage_bytes,
    /// `SCTP_ACTIVE`, `SCTP_INACTIVE`…
    pub spinfo_state: i32,
    /// The congestion window, bytes.
    pub spinfo_cwnd: u32,
    /// The smoothed round-trip time, milliseconds.
    pub spinfo_srtt: u32,
    /// The retransmission timeout, milliseconds.
    pub spinfo_rto: u32,
    /// The path MTU.
    pub spinfo_mtu: u32,
}

/// `struct sctp_status`—the value of `SCTP_STATUS` (read with
/// [`sctp_opt_info`](crate::sctp_opt_info)): an association's state, its
/// stream counts (UNP §10.6's `sctp_get_no_strms`: `sstat_outstrms`) and
/// its primary address. 176 bytes.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct sctp_status {
    /// The association to ask about (set before the call).
    pub sstat_assoc_id: sctp_assoc_t,
    /// `SCTP_ESTABLISHED` (4)…
    pub sstat_state: i32,
    /// The peer's receive window.
    pub sstat_rwnd: u32,
    /// Data not yet acknowledged.
    pub sstat_unackdata: u16,
    /// Data waiting to be delivered.
    pub sstat_penddata: u16,
    /// Inbound streams.
    pub sstat_instrms: u16,
    /// Outbound streams.
    pub sstat_outstrms: u16,
    /// The size above which messages are fragmented.
    pub sstat_fragmentation_point: u32,
    /// The primary peer address.
    pub sstat_primary: sctp_paddrinfo,
}

impl Default for sctp_status {
    fn default() -> Self {
        sctp_status {
            sstat_assoc_id: 0,
            sstat_state: 0,
            sstat_rwnd: 0,
            sstat_unackdata: 0,
            sstat_penddata: 0,
            sstat_instrms: 0,
            sstat_outstrms: 0,
            sstat_fragmentation_point: 0,
            sstat_primary: sctp_paddrinfo {
                spinfo_assoc_id: 0,
                spinfo_address: [0; 128],
                spinfo_state: 0,
                spinfo_cwnd: 0,
                spinfo_srtt: 0,
                spinfo_rto: 0,
                spinfo_mtu: 0,
            },
        }
    }
}

impl fmt::Debug for sctp_status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{sstat_assoc_id={}, sstat_state={}, sstat_instrms={}, sstat_outstrms={}}}",
            self.sstat_assoc_id, self.sstat_state, self.sstat_instrms, self.sstat_outstrms
        )
    }
}

const _: () = {
    assert!(size_of::<sctp_initmsg>() == 8);
    assert!(size_of::<sctp_sndrcvinfo>() == 32);
    assert!(size_of::<sctp_event_subscribe>() == 14);
    assert!(size_of::<sctp_paddrparams>() == 156);
    assert!(size_of::<sctp_paddrinfo>() == 152);
    assert!(size_of::<sctp_status>() == 176);
};
