"""Texts (SMS) beside emails, advisors' copies by consent, structured access needs (#12).

People registered by an advisor before this got the advisor's copies: they keep them
(``referrer_receives_copies``). The Administration group gets the new permission to see
and export access needs (Accueil sees them at the desk through ``check_in``; Programme not).
"""

import django.db.models.deletion
from django.db import migrations, models


def copies_kept(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    Participant.objects.exclude(referrer_email="").update(referrer_receives_copies=True)


def administration_grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("participants")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="participants",
        codename__in=["view_access_needs", "view_accessneed", "add_accessneed",
                      "change_accessneed", "delete_accessneed"],
    )
    for group in Group.objects.filter(name="Administration"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0004_standcontact_moved_to_onsite'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='participant',
            options={'ordering': ['-created_at'], 'permissions': [('view_situation', 'Peut voir la situation des participant·es (données sensibles)'), ('check_in', 'Peut accueillir : arrivées, présences et inscriptions sur place'), ('view_dashboard', 'Peut suivre le tableau de bord de la journée'), ('view_access_needs', 'Peut voir et exporter les besoins d’accessibilité (données sensibles)')], 'verbose_name': 'participant·e', 'verbose_name_plural': 'participant·es'},
        ),
        # Renamed, not dropped: what people wrote is kept (it becomes "any other need").
        migrations.RenameField(
            model_name='participant',
            old_name='access_needs',
            new_name='access_needs_other',
        ),
        migrations.AlterField(
            model_name='participant',
            name='access_needs_other',
            field=models.TextField(blank=True, max_length=1000, verbose_name='autre besoin d’accessibilité'),
        ),
        migrations.AddField(
            model_name='participant',
            name='language',
            field=models.CharField(choices=[('fr', 'Français'), ('en', 'English')], default='fr', max_length=8, verbose_name='langue des messages'),
        ),
        migrations.AddField(
            model_name='participant',
            name='prefers_text_messages',
            field=models.BooleanField(default=False, help_text='A donné un courriel et un téléphone, et préfère recevoir les messages par SMS.', verbose_name='préfère les SMS'),
        ),
        migrations.AddField(
            model_name='participant',
            name='referrer_receives_copies',
            field=models.BooleanField(default=False, help_text='La personne accepte que son conseiller ou sa conseillère reçoive une copie.', verbose_name='copie des messages à la personne qui l’a inscrit·e'),
        ),
        migrations.AddField(
            model_name='participant',
            name='text_messages_stopped_at',
            field=models.DateTimeField(blank=True, help_text='A répondu STOP ou refusé les SMS sur sa page : plus aucun SMS.', null=True, verbose_name='SMS arrêtés le'),
        ),
        migrations.CreateModel(
            name='AccessNeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('sign_language', 'Interprète en langue des signes (LSF)'), ('wheelchair', 'Fauteuil roulant ou mobilité réduite'), ('hearing_loop', 'Boucle magnétique (malentendant·e)'), ('reading_help', 'Aide pour lire ou écrire'), ('large_print', 'Documents en gros caractères'), ('companion', 'Je viens avec un accompagnant ou une accompagnante'), ('assistance_dog', 'Je viens avec un chien d’assistance')], max_length=30, verbose_name='besoin')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_needs', to='participants.participant', verbose_name='participant·e')),
            ],
            options={
                'verbose_name': 'besoin d’accessibilité',
                'verbose_name_plural': 'besoins d’accessibilité',
                'ordering': ['participant', 'kind'],
                'indexes': [models.Index(fields=['kind'], name='participant_kind_266905_idx')],
                'constraints': [models.UniqueConstraint(fields=('participant', 'kind'), name='access_need_unique_per_participant')],
            },
        ),
        migrations.RunPython(copies_kept, migrations.RunPython.noop),
        migrations.RunPython(administration_grant, migrations.RunPython.noop),
    ]
