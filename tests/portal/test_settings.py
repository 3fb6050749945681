"""The settings switch on environment variables; production refuses to start without secrets."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default']['BACKEND'], "
    "'layer': s.CHANNEL_LAYERS['default']['BACKEND'], 'debug': s.DEBUG, 'tasks': s.TASKS['default']['BACKEND'], "
    "'search': s.HAYSTACK_CONNECTIONS['default']['ENGINE'], 'email': s.EMAIL_BACKEND, 'media': str(s.MEDIA_ROOT)}))"
)


def run_python(code, env_overrides, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.base", "MAILLAGE_VAR_DIR": str(tmp_path / "var")})
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def probe(env_overrides, tmp_path):
    result = run_python(PROBE, env_overrides, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_without_any_variable(tmp_path):
    values = probe({}, tmp_path)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("LocMemCache")
    assert values["layer"] == "core.channel_layer.InMemoryChannelLayer"  # Channels' own, swept once a second
    assert values["tasks"].endswith("ImmediateBackend")
    assert values["search"].endswith("WhooshEngine")
    assert values["email"].endswith("console.EmailBackend")
    assert values["debug"] is True
    assert values["media"].startswith(str(tmp_path / "var"))
    # the secret key is generated once and kept
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.exists()
    first = key_file.read_text()
    probe({}, tmp_path)
    assert key_file.read_text() == first


def test_database_and_redis_urls_switch_backends(tmp_path):
    values = probe(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/maillage", "REDIS_URL": "redis://127.0.0.1:6379/0"},
        tmp_path,
    )
    assert values["db"] == "django.db.backends.postgresql"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_python(PROBE, {"DEBUG": "0", "ALLOWED_HOSTS": "maillage.example.org"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" not in result.stderr.split("SECRET_KEY")[-1]


def test_production_names_every_missing_variable(tmp_path):
    result = run_python(PROBE, {"DEBUG": "0"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS" in result.stderr


def test_check_deploy_has_no_warning_with_production_variables(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "maillage.example.org",
    }
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
