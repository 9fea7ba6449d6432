"""B1 questions for the facts of a situation (used by the site's wegwijzer and by explanations).

Plain data without imports, so the classifier can use it without slowing down a cold start.
"""

from __future__ import annotations

import re

# B1 questions for the facts that occur most; other facts get "<label>?" plus the definition.
VRAGEN = {
    "persoon.leeftijd": "Hoe oud is de persoon?",
    "persoon.grondslagen": "Wat is de oorzaak van de zorgvraag (de grondslag)?",
    "persoon.rechtmatigVerblijf": "Woont de persoon rechtmatig in Nederland?",
    "persoon.brpAdres": "Staat de persoon met een adres ingeschreven in de BRP?",
    "persoon.verblijfplaats": "Waar verblijft de persoon nu?",
    "persoon.zorgbehoefte.blijvend": "Is de zorgbehoefte blijvend?",
    "persoon.zorgbehoefte.permanentToezicht": "Heeft de persoon permanent toezicht nodig?",
    "persoon.zorgbehoefte.zorg24uurInDeNabijheid": "Heeft de persoon 24 uur per dag zorg in de buurt nodig?",
    "persoon.zorgbehoefte.tijdelijk": "Is de behoefte aan toezicht of zorg tijdelijk?",
    "persoon.zvwGgzVerblijfDagen": "Hoeveel dagen verblijft de persoon al in de ggz op kosten van de Zvw?",
    "persoon.gedragsproblematiek": "Heeft de persoon gedragsproblemen?",
    "persoon.gevaarVoorAnderen": "Is de persoon gevaarlijk voor anderen, of is daar een groot risico op?",
    "persoon.langdurigeMultiproblematiek": "Zijn er langdurige problemen op meer levensgebieden die steeds terugkomen?",
    "persoon.behoefteAanStructuurEnBegrenzing": "Heeft de persoon structuur, begeleiding en grenzen nodig?",
    "persoon.recidiveRisicoZonderSluitendAanbod": "Is er zonder sluitende hulp een grote kans dat het gevaarlijke gedrag terugkomt?",
    "persoon.jeugdhulpBehandelingAfmaken": "Moet de persoon een behandeling met verblijf uit de jeugdhulp afmaken?",
    "indicaties": "Heeft de persoon een indicatie of beschikking? Zo ja, welke?",
    "titels": "Heeft of had de persoon een juridische titel, zoals een strafrechtelijke titel of een zorgmachtiging?",
    "indicaties.soort": "Welke indicatie of beschikking heeft de persoon?",
    "indicaties.zorgprofiel": "Welk zorgprofiel staat in het Wlz-indicatiebesluit?",
    "indicaties.leveringsvorm": "Hoe krijgt de persoon de Wlz-zorg geleverd?",
    "indicaties.metBehandeling": "Krijgt de persoon ook behandeling bij de Wlz-zorg?",
    "indicaties.voorziening": "Welke voorziening staat in de Wmo-beschikking?",
    "titels.soort": "Welke juridische titel heeft de persoon?",
    "titels.titel": "Welke strafrechtelijke titel is het?",
    "titels.jeugdstrafrecht": "Valt de titel onder het jeugdstrafrecht?",
    "titels.lopend": "Loopt de titel nu nog?",
    "levensloopaanpak.fase": "In welke fase van de Levensloopaanpak zit de persoon?",
    "levensloopaanpak.zorgBijLevensloopaanbieder": "Krijgt de persoon zorg of steun van de levensloopaanbieder zelf?",
    "levensloopaanpak.dominanteZorgvraag": "Wat is de belangrijkste (dominante) zorgvraag?",
}


def vraag_voor(pad: str) -> str | None:
    """The question for a JSON path such as ``titels[0].lopend`` (list positions ignored)."""
    return VRAGEN.get(re.sub(r"\[\d+\]", "", pad))
