"""The package's public names: each one `__all__` lists is loaded on first use from the module it names."""

import importlib
import subprocess
import sys

import qovery_deploy_client


def test_every_exported_name_is_loaded_from_its_module() -> None:
    sources = vars(qovery_deploy_client)["_SOURCES"]
    assert set(qovery_deploy_client.__all__) == set(sources)
    for name, module in sources.items():
        value = getattr(qovery_deploy_client, name)
        assert value is getattr(importlib.import_module(module, "qovery_deploy_client"), name), name


def test_importing_the_package_loads_neither_httpx_nor_the_models() -> None:
    code = "import sys, qovery_deploy_client; print(sorted(m for m in ('httpx', 'qovery_deploy_client.models') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    code = "import qovery_deploy_client as q; print(q.models.StateEnum.DEPLOYED.value, q.Qovery.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["DEPLOYED", "Qovery"]
