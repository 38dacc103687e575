import ipaddress

from django.db import migrations, models


def networks_from_last_address(apps, schema_editor):
    """Devices approved before: the address they last came from becomes their one network."""
    Device = apps.get_model("attendance", "Device")
    for device in Device.objects.filter(status="approved", last_ip__isnull=False):
        host = ipaddress.ip_address(device.last_ip)
        device.allowed_networks = [f"{host}/{host.max_prefixlen}"]
        device.first_ip = device.last_ip
        device.save(update_fields=["allowed_networks", "first_ip"])


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0005_explanation_withdrawn"),
    ]

    operations = [
        migrations.AddField(
            model_name="device",
            name="first_ip",
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name="địa chỉ IP lần đầu"),
        ),
        migrations.AddField(
            model_name="device",
            name="allowed_networks",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Các dải địa chỉ dạng CIDR, ví dụ 10.1.2.0/24.",
                verbose_name="mạng được phép gửi dữ liệu",
            ),
        ),
        migrations.AlterField(
            model_name="heldupload",
            name="reason",
            field=models.CharField(
                choices=[
                    ("pending_device", "Thiết bị chưa được duyệt"),
                    ("unknown_table", "Loại dữ liệu chưa hỗ trợ"),
                    ("foreign_address", "Gửi từ địa chỉ ngoài mạng cho phép"),
                ],
                max_length=20,
                verbose_name="lý do",
            ),
        ),
        migrations.RunPython(networks_from_last_address, migrations.RunPython.noop),
    ]
