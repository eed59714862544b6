"""gunicorn settings for production: `gunicorn innov_insertion.wsgi` reads this file.

Every value can be changed from the environment (see .env.example).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Idle keep-alive connections close after 5 s (threaded workers only; gunicorn 27's default is
# 2), within 2 s on a recycled worker: nginx's upstream keepalive_timeout stays below both
# (1 s, docs/deployment.md's nginx section) so nginx never sends a POST on a closing one.
keepalive = 5
# Recycle workers now and then so a slow leak never takes the site down.
max_requests = 1000
max_requests_jitter = 100
# Only the proxy in front of us may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# gunicorn 27 opens a control socket in ~/.gunicorn by default; two servers on one
# machine would fight over it, and nothing here uses it.
control_socket_disable = True
