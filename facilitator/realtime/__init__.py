"""Socket.IO: validate a payload, authorise, call one service, emit (docs/realtime.md)."""
