"""Flask extensions, created once here and bound to the app in create_app()."""
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


# Objects stay loaded after a commit: use cases commit, then build payloads from what they
# just wrote, and reloading every attribute for that cost a query each.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login = LoginManager()
csrf = CSRFProtect()
babel = Babel()
socketio = SocketIO()
limiter = Limiter(key_func=get_remote_address)
compress = Compress()
