"""Socket.IO handlers of the /live namespace, one module per feature. Importing this
package registers them all on the shared SocketIO object (before socketio.init_app)."""
from facilitator.realtime.handlers import join, notes, run, synthesis, votes  # noqa: F401
