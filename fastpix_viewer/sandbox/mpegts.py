"""Shift the timestamps (PCR, PTS, DTS) of an MPEG-TS segment by a fixed amount.

The live loop replays the same segments again and again; shifting each pass by the loop's
length keeps the broadcast's clock running forward, as a real encoder's would.
"""

from __future__ import annotations

PACKET = 188
WRAP = 1 << 33  # PTS/DTS/PCR base are 33-bit counters at 90 kHz


def _read_timestamp(buf: bytearray, at: int) -> int:
    return (((buf[at] >> 1) & 0x07) << 30 | buf[at + 1] << 22 | (buf[at + 2] >> 1) << 15
            | buf[at + 3] << 7 | buf[at + 4] >> 1)


def _write_timestamp(buf: bytearray, at: int, value: int) -> None:
    prefix = buf[at] & 0xF0
    buf[at] = prefix | ((value >> 30) & 0x07) << 1 | 1
    buf[at + 1] = (value >> 22) & 0xFF
    buf[at + 2] = ((value >> 15) & 0x7F) << 1 | 1
    buf[at + 3] = (value >> 7) & 0xFF
    buf[at + 4] = (value & 0x7F) << 1 | 1


def shift_timestamps(data: bytes, ticks: int) -> bytes:
    """``data`` with every PCR/PTS/DTS moved ``ticks`` (90 kHz) later."""
    if ticks == 0:
        return data
    buf = bytearray(data)
    for start in range(0, len(buf) - PACKET + 1, PACKET):
        if buf[start] != 0x47:
            continue
        unit_start = buf[start + 1] & 0x40
        control = (buf[start + 3] >> 4) & 0x03
        payload = start + 4
        if control & 0x02:  # adaptation field
            length = buf[start + 4]
            if length and buf[start + 5] & 0x10:  # PCR present
                at = start + 6
                base = buf[at] << 25 | buf[at + 1] << 17 | buf[at + 2] << 9 | buf[at + 3] << 1 | buf[at + 4] >> 7
                base = (base + ticks) % WRAP
                buf[at] = (base >> 25) & 0xFF
                buf[at + 1] = (base >> 17) & 0xFF
                buf[at + 2] = (base >> 9) & 0xFF
                buf[at + 3] = (base >> 1) & 0xFF
                buf[at + 4] = (buf[at + 4] & 0x7F) | (base & 0x01) << 7
            payload = start + 5 + length
        if not (control & 0x01 and unit_start) or payload + 14 > start + PACKET:
            continue
        if buf[payload:payload + 3] != b"\x00\x00\x01" or buf[payload + 3] < 0xBC:
            continue  # not a PES header of an audio/video stream
        flags = buf[payload + 7] >> 6
        if flags & 0x02:
            _write_timestamp(buf, payload + 9, (_read_timestamp(buf, payload + 9) + ticks) % WRAP)
        if flags == 0x03 and payload + 19 <= start + PACKET:
            _write_timestamp(buf, payload + 14, (_read_timestamp(buf, payload + 14) + ticks) % WRAP)
    return bytes(buf)
