import datetime

from tenant_apps.population import codes

# NIK of a woman born 05-03-1990 in Batu Layar (52.01.14): day + 40.
SITI_NIK = "5201144503900001"


def resident_data(**overrides) -> dict:
    """A valid resident as the services take it; override what the test is about."""
    data = {
        "nik": SITI_NIK, "name": "Siti Aminah", "birth_place": "Senggigi", "birth_date": datetime.date(1990, 3, 5),
        "sex": codes.Sex.PEREMPUAN, "religion": codes.Religion.ISLAM, "marital_status": codes.MaritalStatus.KAWIN,
        "occupation": 2, "education_kk": 5, "family_relationship": codes.FamilyRelationship.ISTRI,
    }
    data.update(overrides)
    return data
