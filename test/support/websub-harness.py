# A real WebSub hub and subscriber for test/publish/websub-hub.test.ts: flask-websub's own Hub and Subscriber
# (https://github.com/marten-de-vries/Flask-WebSub), not written by this project, each on its own port of 127.0.0.1.
# Celery runs its tasks in the request (task_always_eager), so no broker is needed. The subscriber subscribes when
# asked (GET /subscribe?url=<a feed>, which discovers the hub and topic from the feed itself) and appends every
# verified subscription and every notification it receives, as JSON lines, to <state>/received.jsonl.
# Usage: python3 websub-harness.py <hub port> <subscriber port> <state dir>; prints "ready" when both listen.
import base64
import json
import os
import sys
import threading

from celery import Celery
from flask import Flask, request
from flask_websub.hub import Hub, SQLite3HubStorage
from flask_websub.subscriber import SQLite3SubscriberStorage, SQLite3TempSubscriberStorage, Subscriber, discover
from werkzeug.serving import make_server

hub_port, subscriber_port, state = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
received = os.path.join(state, "received.jsonl")
lock = threading.Lock()


def record(**entry):
    with lock, open(received, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


hub_app = Flask("hub")
hub_app.config["PUBLISH_SUPPORTED"] = True
celery = Celery("hub", broker="memory://")
celery.conf.task_always_eager = True
hub = Hub(SQLite3HubStorage(os.path.join(state, "hub.sqlite3")), celery, **hub_app.config)
hub_app.register_blueprint(hub.build_blueprint(url_prefix="/hub"))

subscriber_app = Flask("subscriber")
subscriber_app.config["SERVER_NAME"] = f"127.0.0.1:{subscriber_port}"
subscriber = Subscriber(
    SQLite3SubscriberStorage(os.path.join(state, "subscriber.sqlite3")),
    SQLite3TempSubscriberStorage(os.path.join(state, "subscriber.sqlite3")),
)
subscriber_app.register_blueprint(subscriber.build_blueprint(url_prefix="/callbacks"))


@subscriber.add_success_handler
def on_success(topic_url, callback_id, mode):
    record(event=mode, topic=topic_url)


@subscriber.add_error_handler
def on_error(topic_url, callback_id, msg):
    record(event="error", topic=topic_url, message=str(msg))


@subscriber.add_listener
def on_topic_change(topic_url, callback_id, body):
    record(event="notification", topic=topic_url, body=base64.b64encode(body).decode("ascii"))


@subscriber_app.route("/subscribe")
def subscribe():
    return str(subscriber.subscribe(**discover(request.args["url"])))


servers = [make_server("127.0.0.1", hub_port, hub_app, threaded=True),
           make_server("127.0.0.1", subscriber_port, subscriber_app, threaded=True)]
for server in servers:
    threading.Thread(target=server.serve_forever, daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
