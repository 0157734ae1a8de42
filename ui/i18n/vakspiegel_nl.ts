<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>DocumentPrinter</name>
    <message>
        <source>Your withdrawal code:</source>
        <translation>Uw intrekcode:</translation>
    </message>
    <message>
        <source>Page %1 of %2 · printed on %3</source>
        <translation>Pagina %1 van %2 · afgedrukt op %3</translation>
    </message>
    <message>
        <source>The receipt could not be saved as %1.</source>
        <translation>Het toestemmingsbewijs kon niet worden opgeslagen als %1.</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>Toestemmingsbewijs afdrukken</translation>
    </message>
</context>
<context>
    <name>KeyMap</name>
    <message>
        <source>Play or pause, also while typing</source>
        <translation>Afspelen of pauzeren, ook tijdens het typen</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>Afspelen of pauzeren</translation>
    </message>
    <message>
        <source>10 seconds back</source>
        <translation>10 seconden terug</translation>
    </message>
    <message>
        <source>10 seconds forward</source>
        <translation>10 seconden vooruit</translation>
    </message>
    <message>
        <source>5 seconds back</source>
        <translation>5 seconden terug</translation>
    </message>
    <message>
        <source>5 seconds forward</source>
        <translation>5 seconden vooruit</translation>
    </message>
    <message>
        <source>1 second back</source>
        <translation>1 seconde terug</translation>
    </message>
    <message>
        <source>1 second forward</source>
        <translation>1 seconde vooruit</translation>
    </message>
    <message>
        <source>One picture back</source>
        <translation>Eén beeld terug</translation>
    </message>
    <message>
        <source>One picture forward</source>
        <translation>Eén beeld vooruit</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>Langzamer</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>Sneller</translation>
    </message>
    <message>
        <source>Mark the start of a range (in)</source>
        <translation>Begin van een stuk markeren (in)</translation>
    </message>
    <message>
        <source>Mark the end of a range (out)</source>
        <translation>Einde van een stuk markeren (uit)</translation>
    </message>
    <message>
        <source>Clear the marked range</source>
        <translation>Gemarkeerd stuk wissen</translation>
    </message>
    <message>
        <source>Repeat the marked range on or off</source>
        <translation>Gemarkeerd stuk herhalen aan of uit</translation>
    </message>
    <message>
        <source>Write a note at this moment (or on the marked range)</source>
        <translation>Aantekening maken bij dit moment (of bij het gemarkeerde stuk)</translation>
    </message>
    <message>
        <source>Show a recall question</source>
        <translation>Een terugkijkvraag tonen</translation>
    </message>
    <message>
        <source>Previous note</source>
        <translation>Vorige aantekening</translation>
    </message>
    <message>
        <source>Next note</source>
        <translation>Volgende aantekening</translation>
    </message>
    <message>
        <source>To the start</source>
        <translation>Naar het begin</translation>
    </message>
    <message>
        <source>To the end</source>
        <translation>Naar het einde</translation>
    </message>
    <message>
        <source>Zoom the timeline in</source>
        <translation>Tijdlijn inzoomen</translation>
    </message>
    <message>
        <source>Zoom the timeline out</source>
        <translation>Tijdlijn uitzoomen</translation>
    </message>
    <message>
        <source>Show the whole conversation</source>
        <translation>Het hele gesprek tonen</translation>
    </message>
    <message>
        <source>Full screen on or off</source>
        <translation>Volledig scherm aan of uit</translation>
    </message>
    <message>
        <source>Sound off or on</source>
        <translation>Geluid uit of aan</translation>
    </message>
    <message>
        <source>Undo the last change to a note</source>
        <translation>Laatste wijziging aan een aantekening ongedaan maken</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Opnieuw uitvoeren</translation>
    </message>
    <message>
        <source>Show every key</source>
        <translation>Alle sneltoetsen tonen</translation>
    </message>
    <message>
        <source>off</source>
        <translation>uit</translation>
    </message>
    <message>
        <source>comma (,)</source>
        <translation>komma (,)</translation>
    </message>
    <message>
        <source>period (.)</source>
        <translation>punt (.)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message numerus="yes">
        <source>Sweep at %1: %n recording(s) erased.</source>
        <translation>
            <numerusform>Opgeschoond om %1: %n opname gewist.</numerusform>
            <numerusform>Opgeschoond om %1: %n opnamen gewist.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sweep at %1 did not finish: %2</source>
        <translation>Opschonen om %1 is niet afgerond: %2</translation>
    </message>
    <message>
        <source>Vakspiegel: watch recorded conversations to learn from them.</source>
        <translation>Vakspiegel: bekijk opgenomen gesprekken om ervan te leren.</translation>
    </message>
    <message>
        <source>Play without sound, even with an audio device.</source>
        <translation>Afspelen zonder geluid, ook als er een geluidsapparaat is.</translation>
    </message>
    <message>
        <source>Preparing the demo vault…</source>
        <translation>De demokluis wordt klaargezet…</translation>
    </message>
    <message>
        <source>Open the demo vault (made on first start, with demo accounts).</source>
        <translation>Open de demokluis (wordt bij de eerste start gemaakt, met demo-accounts).</translation>
    </message>
    <message>
        <source>A generated demo recording the demo vault imports (once).</source>
        <translation>Een gemaakte demo-opname die de demokluis (één keer) importeert.</translation>
    </message>
    <message>
        <source>The vault directory (default: $VAKSPIEGEL_VAULT, else the system vault /var/lib/vakspiegel/vault when installed, else the XDG data folder).</source>
        <translation>De map van de kluis (standaard: $VAKSPIEGEL_VAULT, anders de systeemkluis /var/lib/vakspiegel/vault als Vakspiegel geïnstalleerd is, anders de XDG-gegevensmap).</translation>
    </message>
</context>
<context>
    <name>UseCaseRunner</name>
    <message>
        <source>You are logged out. Log in again to go on.</source>
        <translation>U bent afgemeld. Meld u opnieuw aan om verder te gaan.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::AnnotationEditor</name>
    <message>
        <source>&amp;Layer:</source>
        <translation>&amp;Laag:</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Categorie:</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Aantekening</translation>
    </message>
    <message>
        <source>What do you see here? Enter saves, Shift+Enter starts a new line, Esc cancels.</source>
        <translation>Wat ziet u hier? Enter slaat op, Shift+Enter begint een nieuwe regel, Esc annuleert.</translation>
    </message>
    <message>
        <source>&amp;Save note</source>
        <translation>Aantekening &amp;opslaan</translation>
    </message>
    <message>
        <source>Save the note and play on (Enter)</source>
        <translation>De aantekening opslaan en verder afspelen (Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>Sluiten zonder opslaan (Esc)</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(geen categorie)</translation>
    </message>
    <message>
        <source>Citizen (on their behalf)</source>
        <translation>Inwoner (namens de inwoner)</translation>
    </message>
    <message>
        <source>Own notes, or what the citizen said about this moment</source>
        <translation>Eigen aantekeningen, of wat de inwoner over dit moment zei</translation>
    </message>
    <message>
        <source>The citizen layer needs the citizen&apos;s consent to review together (citizen review); this recording does not have it.</source>
        <translation>Voor de laag van de inwoner is toestemming nodig om samen terug te kijken; die is er bij deze opname niet.</translation>
    </message>
    <message>
        <source>Coach</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>As a coach you write in the coach layer.</source>
        <translation>Als coach schrijft u in de laag van de coach.</translation>
    </message>
    <message>
        <source>&amp;Save change</source>
        <translation>Wijziging &amp;opslaan</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 tot %2</translation>
    </message>
    <message>
        <source>Change the note at %1</source>
        <translation>Aantekening bij %1 wijzigen</translation>
    </message>
    <message>
        <source>Note at %1</source>
        <translation>Aantekening bij %1</translation>
    </message>
    <message>
        <source>Client manager (own)</source>
        <translation>Klantmanager (eigen)</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::AnnotationTableModel</name>
    <message>
        <source>Coach</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Inwoner</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 tot %2</translation>
    </message>
    <message>
        <source>, category %1</source>
        <translation>, categorie %1</translation>
    </message>
    <message>
        <source>(answer) %1</source>
        <translation>(antwoord) %1</translation>
    </message>
    <message>
        <source>Moment</source>
        <translation>Moment</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Laag</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categorie</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Aantekening</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Door</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Client manager</source>
        <translation>Klantmanager</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Note at %1, layer %2, by %3</source>
        <translation>Aantekening bij %1, laag %2, door %3</translation>
    </message>
    <message>
        <source>CM</source>
        <comment>short for client manager</comment>
        <translation>KM</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::AnnotationsPanel</name>
    <message>
        <source>All layers</source>
        <translation>Alle lagen</translation>
    </message>
    <message>
        <source>Search the notes</source>
        <translation>Zoeken in de aantekeningen</translation>
    </message>
    <message>
        <source>Notes on this recording</source>
        <translation>Aantekeningen bij deze opname</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Wijzigen</translation>
    </message>
    <message>
        <source>Change the selected note (only your own)</source>
        <translation>De gekozen aantekening wijzigen (alleen uw eigen)</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>&amp;Verwijderen</translation>
    </message>
    <message>
        <source>Delete the selected note (only your own; Ctrl+Z brings it back)</source>
        <translation>De gekozen aantekening verwijderen (alleen uw eigen; Ctrl+Z haalt hem terug)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Aantekeningen</translation>
    </message>
    <message>
        <source>La&amp;yer:</source>
        <translation>L&amp;aag:</translation>
    </message>
    <message>
        <source>Categ&amp;ory:</source>
        <translation>Ca&amp;tegorie:</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>&amp;Zoeken:</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Alle categorieën</translation>
    </message>
    <message>
        <source>Only the author can change or delete a note.</source>
        <translation>Alleen wie de aantekening schreef, kan hem wijzigen of verwijderen.</translation>
    </message>
    <message>
        <source>No notes yet. Press N to write one.</source>
        <translation>Nog geen aantekeningen. Druk op N om er een te maken.</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n aantekening</numerusform>
            <numerusform>%n aantekeningen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 notes</source>
        <translation>%1 van %2 aantekeningen</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::ConsentPage</name>
    <message>
        <source>You watch it back yourself. Part of every yes.</source>
        <translation>U kijkt de opname zelf terug. Dit hoort altijd bij een ja.</translation>
    </message>
    <message>
        <source>You may share it with a coach, who watches and comments.</source>
        <translation>U mag de opname delen met een coach. De coach kijkt mee en geeft commentaar.</translation>
    </message>
    <message>
        <source>You watch fragments together with the citizen.</source>
        <translation>U bekijkt fragmenten samen met de inwoner.</translation>
    </message>
    <message>
        <source>Fragments may be shown to colleagues in intervision.</source>
        <translation>Fragmenten mogen bij intervisie aan collega&apos;s worden getoond.</translation>
    </message>
    <message>
        <source>What did the citizen agree to?</source>
        <translation>Waar gaf de inwoner toestemming voor?</translation>
    </message>
    <message>
        <source>Tick only what the citizen said yes to. The recording is never used to assess you.</source>
        <translation>Vink alleen aan waar de inwoner ja tegen zei. De opname wordt nooit gebruikt om u te beoordelen.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::FilePage</name>
    <message>
        <source>Which recording?</source>
        <translation>Welke opname?</translation>
    </message>
    <message>
        <source>Choose the file from the camera, phone or screen recorder. It is encrypted into the vault as it is read; nothing unencrypted is written.</source>
        <translation>Kies het bestand van de camera, de telefoon of het programma voor schermopnamen. Het bestand wordt tijdens het inlezen versleuteld in de kluis gezet; er wordt niets onversleuteld opgeslagen.</translation>
    </message>
    <message>
        <source>Recording file</source>
        <translation>Opnamebestand</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>B&amp;laderen…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Bestand:</translation>
    </message>
    <message>
        <source>Choose a recording</source>
        <translation>Kies een opname</translation>
    </message>
    <message>
        <source>Recordings (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.3gp);;All files (*)</source>
        <translation>Opnamen (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.3gp);;Alle bestanden (*)</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::HowPage</name>
    <message>
        <source>How and when?</source>
        <translation>Hoe en wanneer?</translation>
    </message>
    <message>
        <source>How the citizen gave consent, and when the conversation was recorded.</source>
        <translation>Hoe de inwoner toestemming gaf, en wanneer het gesprek is opgenomen.</translation>
    </message>
    <message>
        <source>Consent was given:</source>
        <translation>De toestemming is gegeven:</translation>
    </message>
    <message>
        <source>&amp;Recorded at:</source>
        <translation>&amp;Opgenomen op:</translation>
    </message>
    <message>
        <source>Choose how the citizen gave consent to go on.</source>
        <translation>Kies hoe de inwoner toestemming gaf om verder te gaan.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::ImportWizard</name>
    <message>
        <source>Estimating the time left…</source>
        <translation>De resterende tijd wordt geschat…</translation>
    </message>
    <message>
        <source>Less than a minute left</source>
        <translation>Nog minder dan een minuut</translation>
    </message>
    <message numerus="yes">
        <source>About %n minute(s) left</source>
        <translation>
            <numerusform>Nog ongeveer %n minuut</numerusform>
            <numerusform>Nog ongeveer %n minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <source>The recording is encrypted into the vault. You can cancel: then nothing is kept.</source>
        <translation>De opname wordt versleuteld in de kluis gezet. U kunt annuleren: dan wordt er niets bewaard.</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Voortgang van het importeren</translation>
    </message>
    <message>
        <source>The recording was not imported; nothing of it was kept.
%1</source>
        <translation>De opname is niet geïmporteerd; er is niets van bewaard.
%1</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Geïmporteerd</translation>
    </message>
    <message>
        <source>Give the citizen their withdrawal code: with it they can withdraw their consent at any time, and the recording is erased.</source>
        <translation>Geef de inwoner de intrekcode. Daarmee kan de inwoner de toestemming altijd intrekken. Dan wordt de opname gewist.</translation>
    </message>
    <message>
        <source>Withdrawal code</source>
        <translation>Intrekcode</translation>
    </message>
    <message>
        <source>&amp;Print the receipt…</source>
        <translation>Toestemmingsbewijs &amp;afdrukken…</translation>
    </message>
    <message>
        <source>&amp;Save the receipt as PDF…</source>
        <translation>Toestemmingsbewijs als PDF &amp;opslaan…</translation>
    </message>
    <message>
        <source>receipt-%1.pdf</source>
        <translation>toestemmingsbewijs-%1.pdf</translation>
    </message>
    <message>
        <source>Save the receipt</source>
        <translation>Toestemmingsbewijs opslaan</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The recording is in your library (%1). The receipt tells the citizen, in plain words, what was recorded, who may watch it, until when, and how to withdraw.</source>
        <translation>De opname (%1) staat nu bij Mijn opnamen. Op het toestemmingsbewijs leest de inwoner in gewone woorden wat er is opgenomen, wie de opname mag bekijken, tot wanneer, en hoe de inwoner de toestemming kan intrekken.</translation>
    </message>
    <message>
        <source>The receipt was saved as %1.</source>
        <translation>Het toestemmingsbewijs is opgeslagen als %1.</translation>
    </message>
    <message>
        <source>Import a recording</source>
        <translation>Opname importeren</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Terug</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Volgende &gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Klaar</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Bezig met stoppen…</translation>
    </message>
    <message>
        <source>The citizen&apos;s receipt</source>
        <translation>Het toestemmingsbewijs</translation>
    </message>
    <message>
        <source>You did not print or save the receipt. With its withdrawal code, %1, the citizen can withdraw their consent. Do they have the code?</source>
        <translation>U hebt het toestemmingsbewijs niet afgedrukt of opgeslagen. Met de intrekcode %1 kan de inwoner de toestemming intrekken. Heeft de inwoner de code?</translation>
    </message>
    <message>
        <source>&amp;Yes, they have it</source>
        <translation>&amp;Ja, de inwoner heeft de code</translation>
    </message>
    <message>
        <source>&amp;No, back to the receipt</source>
        <translation>&amp;Nee, terug naar het bewijs</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::KeyHelpDialog</name>
    <message>
        <source>Keys of the review screen</source>
        <translation>Sneltoetsen bij het terugkijken</translation>
    </message>
    <message>
        <source>Every key and what it does</source>
        <translation>Alle sneltoetsen en wat ze doen</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Toetsen</translation>
    </message>
    <message>
        <source>&amp;Change keys…</source>
        <translation>Toetsen &amp;aanpassen…</translation>
    </message>
    <message>
        <source>Keys without Ctrl work when the picture, the player&apos;s buttons or the timeline have the focus, never while you type a note. %1 plays and pauses everywhere.</source>
        <translation>Toetsen zonder Ctrl werken als het beeld, de knoppen van de speler of de tijdlijn de focus hebben, nooit terwijl u een aantekening typt. %1 speelt af en pauzeert overal.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::KeySettingsDialog</name>
    <message>
        <source>Change keys</source>
        <translation>Toetsen aanpassen</translation>
    </message>
    <message>
        <source>Select a field and press the new key. Clear a field (the × button) to turn the key off. Each action keeps one key here.</source>
        <translation>Kies een veld en druk op de nieuwe toets. Maak een veld leeg (de knop ×) om de toets uit te zetten. Elke handeling houdt hier één toets.</translation>
    </message>
    <message>
        <source>&amp;Default keys</source>
        <translation>&amp;Standaardtoetsen</translation>
    </message>
    <message>
        <source>%1 is already the key for &quot;%2&quot;. Choose another key, or change that one first.</source>
        <translation>%1 is al de toets voor &quot;%2&quot;. Kies een andere toets, of pas die eerst aan.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::LibraryController</name>
    <message>
        <source>The recording was erased: its keys, annotations and files are gone. Deletion certificate: %1 (%2 bytes destroyed, fingerprint %3…).</source>
        <translation>De opname is gewist: de sleutels, aantekeningen en bestanden zijn weg. Wisbewijs: %1 (%2 bytes vernietigd, vingerafdruk %3…).</translation>
    </message>
    <message>
        <source>The recording can no longer be watched. It is erased completely as soon as another program that has the vault open closes it. Deletion certificate: %1.</source>
        <translation>De opname kan niet meer worden bekeken. Ze wordt helemaal gewist zodra het andere programma dat de kluis open heeft, de kluis sluit. Wisbewijs: %1.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::LibraryPage</name>
    <message>
        <source>My recordings</source>
        <translation>Mijn opnamen</translation>
    </message>
    <message>
        <source>Shared with me</source>
        <translation>Gedeeld met mij</translation>
    </message>
    <message>
        <source>Search by date, owner, consent…</source>
        <translation>Zoek op datum, eigenaar, toestemming…</translation>
    </message>
    <message>
        <source>Search the recordings</source>
        <translation>Zoeken in de opnamen</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Zoeken:</translation>
    </message>
    <message>
        <source>Recordings shared with me</source>
        <translation>Opnamen die met mij gedeeld zijn</translation>
    </message>
    <message>
        <source>&amp;Watch</source>
        <translation>&amp;Bekijken</translation>
    </message>
    <message>
        <source>Open the chosen recording (Enter)</source>
        <translation>De gekozen opname openen (Enter)</translation>
    </message>
    <message>
        <source>&amp;Import a recording…</source>
        <translation>Opname &amp;importeren…</translation>
    </message>
    <message>
        <source>Bring in a recording with the citizen&apos;s consent (Ctrl+I). You can also drop a file on this list.</source>
        <translation>Een opname in de kluis zetten, met toestemming van de inwoner (Ctrl+I). U kunt ook een bestand naar deze lijst slepen.</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>Wi&amp;ssen…</translation>
    </message>
    <message>
        <source>Erase the chosen recording for good</source>
        <translation>De gekozen opname voorgoed wissen</translation>
    </message>
    <message>
        <source>Register a &amp;withdrawal…</source>
        <translation>Intrekking vast&amp;leggen…</translation>
    </message>
    <message>
        <source>A citizen withdrew their consent: erase their recording by its code</source>
        <translation>Een inwoner heeft de toestemming ingetrokken: de opname wissen met de intrekcode</translation>
    </message>
    <message>
        <source>Fetching your recordings…</source>
        <translation>Uw opnamen worden opgehaald…</translation>
    </message>
    <message>
        <source>You have no recordings yet.
Choose “Import a recording…” (Ctrl+I) or drop a recording file here: the wizard asks for the citizen&apos;s consent first.</source>
        <translation>U hebt nog geen opnamen.
Kies “Opname importeren…” (Ctrl+I) of sleep een opnamebestand hierheen. Eerst wordt gevraagd naar de toestemming van de inwoner.</translation>
    </message>
    <message>
        <source>Nobody has shared a recording with you yet.
A klantmanager can share a recording with you when the citizen agreed to a review with a coach.</source>
        <translation>Er is nog geen opname met u gedeeld.
Een klantmanager kan een opname met u delen als de inwoner toestemming gaf voor terugkijken met een coach.</translation>
    </message>
    <message>
        <source>No recording matches “%1”.</source>
        <translation>Geen opname gevonden voor “%1”.</translation>
    </message>
    <message>
        <source>S&amp;hare…</source>
        <translation>&amp;Delen…</translation>
    </message>
    <message>
        <source>Share the chosen recording with a coach, or take a share back</source>
        <translation>Deel de gekozen opname met een coach, of neem het delen terug</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::LockPage</name>
    <message>
        <source>Log &amp;out, so someone else can log in</source>
        <translation>&amp;Afmelden, zodat iemand anders zich kan aanmelden</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Vergrendeld</translation>
    </message>
    <message>
        <source>Vakspiegel</source>
        <translation>Vakspiegel</translation>
    </message>
    <message>
        <source>This workstation is locked. Only %1 can unlock it with their password.
Nothing of their work is shown until then.</source>
        <translation>Deze werkplek is vergrendeld. Alleen %1 kan hem ontgrendelen met het eigen wachtwoord.
Tot die tijd is er niets van het werk van %1 te zien.</translation>
    </message>
    <message>
        <source>Watch your conversations back to learn from them.
Log in with your account.</source>
        <translation>Kijk uw gesprekken terug om ervan te leren.
Meld u aan met uw account.</translation>
    </message>
    <message>
        <source>&amp;Unlock…</source>
        <translation>&amp;Ontgrendelen…</translation>
    </message>
    <message>
        <source>&amp;Log in…</source>
        <translation>&amp;Aanmelden…</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::LoginDialog</name>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Nieuw wachtwoord:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Nog een keer:</translation>
    </message>
    <message>
        <source>The password you logged in with was set by the administrator and works only once. Choose a password of your own now: at least 10 characters; a sentence of a few words is easy to remember. Nobody else will know it.</source>
        <translation>Het wachtwoord waarmee u zich aanmeldde, is door de beheerder ingesteld en werkt maar één keer. Kies nu een eigen wachtwoord: minstens 10 tekens; een zin van een paar woorden is makkelijk te onthouden. Niemand anders weet het dan.</translation>
    </message>
    <message>
        <source>Save my password</source>
        <translation>Mijn wachtwoord opslaan</translation>
    </message>
    <message>
        <source>Type your new password twice.</source>
        <translation>Typ uw nieuwe wachtwoord twee keer.</translation>
    </message>
    <message>
        <source>The two passwords are not the same. Type them again.</source>
        <translation>De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw.</translation>
    </message>
    <message>
        <source>Saving your password…</source>
        <translation>Uw wachtwoord wordt opgeslagen…</translation>
    </message>
    <message>
        <source>Vakspiegel – Log in</source>
        <translation>Vakspiegel – Aanmelden</translation>
    </message>
    <message>
        <source>Log in with your account to watch your recordings.</source>
        <translation>Meld u aan met uw account om uw opnamen te bekijken.</translation>
    </message>
    <message>
        <source>&amp;Account name:</source>
        <translation>&amp;Accountnaam:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Wachtwoord:</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Fill in your account name and password.</source>
        <translation>Vul uw accountnaam en wachtwoord in.</translation>
    </message>
    <message>
        <source>Checking your password…</source>
        <translation>Uw wachtwoord wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>Vakspiegel – Unlock</source>
        <translation>Vakspiegel – Ontgrendelen</translation>
    </message>
    <message>
        <source>This workstation is locked. Type your password to go on where you were.</source>
        <translation>Deze werkplek is vergrendeld. Typ uw wachtwoord om verder te gaan waar u was.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>This is a practice vault with made-up recordings, to try Vakspiegel out.</source>
        <translation>Dit is een oefenkluis met verzonnen opnamen, om Vakspiegel uit te proberen.</translation>
    </message>
    <message>
        <source>The password of every demo account:</source>
        <translation>Het wachtwoord van elk demo-account:</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::MainWindow</name>
    <message>
        <source>&amp;Workstation</source>
        <translation>&amp;Werkplek</translation>
    </message>
    <message>
        <source>&amp;Import a recording…</source>
        <translation>Opname &amp;importeren…</translation>
    </message>
    <message>
        <source>Register a citizen&apos;s &amp;withdrawal…</source>
        <translation>Intrekking van een inwoner vast&amp;leggen…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Vergrendelen</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>&amp;Afmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>A&amp;fsluiten</translation>
    </message>
    <message>
        <source>Vakspiegel – %1</source>
        <translation>Vakspiegel – %1</translation>
    </message>
    <message>
        <source>Logged in as %1 (%2)</source>
        <translation>Aangemeld als %1 (%2)</translation>
    </message>
    <message>
        <source>Vakspiegel – locked</source>
        <translation>Vakspiegel – vergrendeld</translation>
    </message>
    <message>
        <source>Nobody is logged in.</source>
        <translation>Er is niemand aangemeld.</translation>
    </message>
    <message>
        <source>Locked by %1</source>
        <translation>Vergrendeld door %1</translation>
    </message>
    <message>
        <source>Delete the recording</source>
        <translation>Opname verwijderen</translation>
    </message>
    <message>
        <source>Erase the recording of %1 for good?</source>
        <translation>De opname van %1 voorgoed wissen?</translation>
    </message>
    <message>
        <source>The recording, every annotation on it and everything derived from it (pictures, sound curve) are erased, also for the coaches it is shared with. This cannot be undone. You get a deletion certificate.</source>
        <translation>De opname, alle aantekeningen erbij en alles wat ervan is afgeleid (afbeeldingen, geluidscurve) worden gewist, ook voor de coaches met wie de opname gedeeld is. Dit kunt u niet ongedaan maken. U krijgt een wisbewijs.</translation>
    </message>
    <message>
        <source>&amp;Erase for good</source>
        <translation>&amp;Voorgoed wissen</translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation>&amp;Bewaren</translation>
    </message>
    <message>
        <source>An import is running</source>
        <translation>Er wordt geïmporteerd</translation>
    </message>
    <message>
        <source>A recording is being imported. If you quit now, the import stops and nothing of it is kept. Quit?</source>
        <translation>Er wordt een opname geïmporteerd. Als u nu afsluit, stopt het importeren en wordt er niets van bewaard. Afsluiten?</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::PlayerController</name>
    <message>
        <source>The sound could not be played (the audio device reported an error). The picture goes on without sound.</source>
        <translation>Het geluid kan niet worden afgespeeld (het geluidsapparaat meldt een fout). Het beeld gaat door zonder geluid.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::PlayerPage</name>
    <message>
        <source>← &amp;Back to the library</source>
        <translation>← &amp;Terug naar de lijst</translation>
    </message>
    <message>
        <source>Close the recording and go back to the list (Esc)</source>
        <translation>De opname sluiten en teruggaan naar de lijst (Esc)</translation>
    </message>
    <message>
        <source>Picture of the recording</source>
        <translation>Beeld van de opname</translation>
    </message>
    <message>
        <source>No audio device was found: recordings play without sound.</source>
        <translation>Er is geen geluidsapparaat gevonden: opnamen spelen zonder geluid.</translation>
    </message>
    <message>
        <source>Opening the recording of %1…</source>
        <translation>De opname van %1 wordt geopend…</translation>
    </message>
    <message>
        <source>The recording you were watching was withdrawn, deleted or has reached the end of its retention. It was closed and can no longer be watched.</source>
        <translation>De opname die u bekeek, is ingetrokken, verwijderd of aan het einde van de bewaartermijn. De opname is gesloten en kan niet meer worden bekeken.</translation>
    </message>
    <message>
        <source>Recording of %1</source>
        <translation>Opname van %1</translation>
    </message>
    <message>
        <source>%1×%2 pixels</source>
        <translation>%1×%2 pixels</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::PromptCard</name>
    <message>
        <source>Recall question</source>
        <translation>Terugkijkvraag</translation>
    </message>
    <message>
        <source>Your answer (Enter saves it as a note at this moment)</source>
        <translation>Uw antwoord (Enter slaat het op als aantekening bij dit moment)</translation>
    </message>
    <message>
        <source>Save &amp;answer</source>
        <translation>&amp;Antwoord opslaan</translation>
    </message>
    <message>
        <source>A&amp;nother question</source>
        <translation>A&amp;ndere vraag</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Close the question (Esc)</source>
        <translation>De vraag sluiten (Esc)</translation>
    </message>
    <message>
        <source>Ask a question at every &amp;pause</source>
        <translation>Bij elke &amp;pauze een vraag stellen</translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation>%1 (bij %2)</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::RecordingTableModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>u</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n day(s)</source>
        <translation>
            <numerusform>⚠ %n dag</numerusform>
            <numerusform>⚠ %n dagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dag</numerusform>
            <numerusform>%n dagen</numerusform>
        </translation>
    </message>
    <message>
        <source>not shared</source>
        <translation>niet gedeeld</translation>
    </message>
    <message>
        <source>Picture from the recording</source>
        <translation>Beeld uit de opname</translation>
    </message>
    <message>
        <source>%1, soon erased</source>
        <translation>%1, wordt binnenkort gewist</translation>
    </message>
    <message>
        <source>Erased automatically on %1</source>
        <translation>Wordt automatisch gewist op %1</translation>
    </message>
    <message>
        <source>The citizen agreed to: %1</source>
        <translation>De inwoner gaf toestemming voor: %1</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Beeld</translation>
    </message>
    <message>
        <source>Recorded at</source>
        <translation>Opgenomen op</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Lengte</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigenaar</translation>
    </message>
    <message>
        <source>Consent for</source>
        <translation>Toestemming voor</translation>
    </message>
    <message>
        <source>Erased in</source>
        <translation>Gewist over</translation>
    </message>
    <message>
        <source>Shared with</source>
        <translation>Gedeeld met</translation>
    </message>
    <message>
        <source>only self review</source>
        <translation>alleen zelf terugkijken</translation>
    </message>
    <message>
        <source>Withdrawal code: %1</source>
        <translation>Intrekcode: %1</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::RetentionPage</name>
    <message>
        <source>How long is it kept?</source>
        <translation>Hoe lang wordt de opname bewaard?</translation>
    </message>
    <message>
        <source>After this the recording is erased automatically, with everything noted about it.</source>
        <translation>Daarna wordt de opname automatisch gewist, met alles wat erover is genoteerd.</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> weken</translation>
    </message>
    <message>
        <source>&amp;Keep for:</source>
        <translation>&amp;Bewaren:</translation>
    </message>
    <message>
        <source>Your municipality keeps recordings %1 weeks by default and at most %2 weeks.</source>
        <translation>Uw gemeente bewaart opnamen standaard %1 weken en hoogstens %2 weken.</translation>
    </message>
    <message>
        <source>It will be erased on %1.</source>
        <translation>De opname wordt gewist op %1.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::ReviewController</name>
    <message>
        <source>new note</source>
        <translation>nieuwe aantekening</translation>
    </message>
    <message>
        <source>change to a note</source>
        <translation>wijziging van een aantekening</translation>
    </message>
    <message>
        <source>deleted note</source>
        <translation>verwijderde aantekening</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::ReviewPage</name>
    <message>
        <source>Write what you noticed first, or press Esc to close.</source>
        <translation>Schrijf eerst op wat u opviel, of druk op Esc om te sluiten.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Aantekening</translation>
    </message>
    <message>
        <source>Write a note at this moment (N)</source>
        <translation>Aantekening maken bij dit moment (N)</translation>
    </message>
    <message>
        <source>Show a recall question (V)</source>
        <translation>Een terugkijkvraag tonen (V)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <source>Undo the last change to a note (Ctrl+Z)</source>
        <translation>Laatste wijziging aan een aantekening ongedaan maken (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Opnieuw</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Y)</source>
        <translation>Opnieuw uitvoeren (Ctrl+Y)</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <source>Every key of this screen, and changing them (?)</source>
        <translation>Alle sneltoetsen van dit scherm, en ze aanpassen (?)</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Niets om ongedaan te maken</translation>
    </message>
    <message>
        <source>Undo: %1 (Ctrl+Z)</source>
        <translation>Ongedaan maken: %1 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>Niets om opnieuw uit te voeren</translation>
    </message>
    <message>
        <source>Redo: %1 (Ctrl+Y)</source>
        <translation>Opnieuw uitvoeren: %1 (Ctrl+Y)</translation>
    </message>
    <message>
        <source>Recall question</source>
        <translation>Terugkijkvraag</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::RoleHomePage</name>
    <message>
        <source>Privacy officer</source>
        <translation>Privacymedewerker (FG)</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Beheerder</translation>
    </message>
    <message>
        <source>&lt;p&gt;You audit consent and erasure. You never see recordings, pictures or annotations.&lt;/p&gt;&lt;p&gt;The privacy officer&apos;s console in this window is on its way. Until then, do your work with the command line, for example:&lt;/p&gt;</source>
        <translation>&lt;p&gt;U controleert de toestemmingen en het wissen. U ziet nooit opnamen, afbeeldingen of aantekeningen.&lt;/p&gt;&lt;p&gt;Een eigen scherm voor de privacymedewerker in dit venster komt eraan. Tot die tijd doet u uw werk via de opdrachtregel, bijvoorbeeld:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;You manage accounts and the vault&apos;s policies. You never see recordings, pictures or annotations.&lt;/p&gt;&lt;p&gt;The administrator&apos;s console in this window is on its way. Until then, do your work with the command line, for example:&lt;/p&gt;</source>
        <translation>&lt;p&gt;U beheert de accounts en het beleid van de kluis. U ziet nooit opnamen, afbeeldingen of aantekeningen.&lt;/p&gt;&lt;p&gt;Een eigen scherm voor de beheerder in dit venster komt eraan. Tot die tijd doet u uw werk via de opdrachtregel, bijvoorbeeld:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>registry list — the consent registry</source>
        <translation>registry list — het toestemmingsregister</translation>
    </message>
    <message>
        <source>consent withdraw CODE — erase a recording whose citizen withdrew consent</source>
        <translation>consent withdraw CODE — een opname wissen waarvoor de inwoner de toestemming heeft ingetrokken</translation>
    </message>
    <message>
        <source>registry schedule — what is erased in the coming days</source>
        <translation>registry schedule — wat er de komende dagen wordt gewist</translation>
    </message>
    <message>
        <source>certificates — the deletion certificates</source>
        <translation>certificates — de wisbewijzen</translation>
    </message>
    <message>
        <source>audit verify — check the audit chain</source>
        <translation>audit verify — de auditketen controleren</translation>
    </message>
    <message>
        <source>report — the processing register</source>
        <translation>report — de rapportage voor het verwerkingsregister</translation>
    </message>
    <message>
        <source>user add NAME --role ROLE — a new account</source>
        <translation>user add NAAM --role ROL — een nieuw account</translation>
    </message>
    <message>
        <source>user disable NAME / user enable NAME</source>
        <translation>user disable NAAM / user enable NAAM</translation>
    </message>
    <message>
        <source>user reset NAME — a one-time password</source>
        <translation>user reset NAAM — een eenmalig wachtwoord</translation>
    </message>
    <message>
        <source>policy retention --default W --maximum W — how long recordings are kept</source>
        <translation>policy retention --default W --maximum W — hoe lang opnamen worden bewaard (W: aantal weken)</translation>
    </message>
    <message>
        <source>policy lock-timeout MINUTES — when workstations lock themselves</source>
        <translation>policy lock-timeout MINUTEN — wanneer werkplekken vanzelf vergrendelen</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::ShareController</name>
    <message>
        <source>%1 can now watch this recording and write comments.</source>
        <translation>%1 kan deze opname nu bekijken en er aantekeningen bij maken.</translation>
    </message>
    <message>
        <source>%1 can no longer watch this recording.</source>
        <translation>%1 kan deze opname niet meer bekijken.</translation>
    </message>
    <message>
        <source>%1 can no longer watch this recording. Its key is wiped from the vault as soon as another program that has the vault open lets go of it.</source>
        <translation>%1 kan deze opname niet meer bekijken. De sleutel wordt uit de kluis gewist zodra een ander programma dat de kluis open heeft, hem loslaat.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::ShareDialog</name>
    <message>
        <source>Share with a coach</source>
        <translation>Delen met een coach</translation>
    </message>
    <message>
        <source>The recording of %1. A coach you share it with can watch it and write comments; you can take that back at any time. Nobody else sees it.</source>
        <translation>De opname van %1. Een coach met wie u hem deelt, kan hem bekijken en er aantekeningen bij maken. U kunt dat altijd terugnemen. Niemand anders ziet de opname.</translation>
    </message>
    <message>
        <source>The recording of %1 cannot be shared: the citizen did not agree to a review with a coach.</source>
        <translation>De opname van %1 kan niet gedeeld worden: de inwoner gaf geen toestemming om hem met een coach terug te kijken.</translation>
    </message>
    <message>
        <source>&amp;Shared with:</source>
        <translation>&amp;Gedeeld met:</translation>
    </message>
    <message>
        <source>&amp;Take back</source>
        <translation>&amp;Terugnemen</translation>
    </message>
    <message>
        <source>The chosen coach can no longer watch the recording</source>
        <translation>De gekozen coach kan de opname dan niet meer bekijken</translation>
    </message>
    <message>
        <source>&amp;Coach&apos;s account name:</source>
        <translation>&amp;Accountnaam van de coach:</translation>
    </message>
    <message>
        <source>S&amp;hare</source>
        <translation>&amp;Delen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>nobody yet</source>
        <translation>nog niemand</translation>
    </message>
    <message>
        <source>Coaches it is shared with</source>
        <translation>Coaches met wie de opname gedeeld is</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::SummaryPage</name>
    <message>
        <source>Check and import</source>
        <translation>Controleren en importeren</translation>
    </message>
    <message>
        <source>Is this what the citizen agreed to? Go back to change anything.</source>
        <translation>Is dit waar de inwoner toestemming voor gaf? Ga terug als u iets wilt veranderen.</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importeren</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;File:&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;&lt;b&gt;The citizen agreed to:&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;%2&lt;/ul&gt;&lt;p&gt;&lt;b&gt;Consent given:&lt;/b&gt; %3&lt;/p&gt;&lt;p&gt;&lt;b&gt;Recorded at:&lt;/b&gt; %4&lt;/p&gt;&lt;p&gt;&lt;b&gt;Kept for:&lt;/b&gt; %5 weeks, erased on %6&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Bestand:&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;&lt;b&gt;De inwoner gaf toestemming voor:&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;%2&lt;/ul&gt;&lt;p&gt;&lt;b&gt;Toestemming gegeven:&lt;/b&gt; %3&lt;/p&gt;&lt;p&gt;&lt;b&gt;Opgenomen op:&lt;/b&gt; %4&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bewaartermijn:&lt;/b&gt; %5 weken, wordt gewist op %6&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::TimelineWidget</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 van %2</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Beeld</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Geluid</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>Spraak</translation>
    </message>
    <message>
        <source>Coach</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Inwoner</translation>
    </message>
    <message>
        <source>No pictures for the timeline</source>
        <translation>Geen beelden voor de tijdlijn</translation>
    </message>
    <message>
        <source>silence %1 s</source>
        <translation>stilte %1 s</translation>
    </message>
    <message>
        <source>in</source>
        <translation>in</translation>
    </message>
    <message>
        <source>out</source>
        <translation>uit</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Click or drag to go to a moment. Ctrl+wheel zooms.</source>
        <translation>Klik of sleep om naar een moment te gaan. Ctrl+scrollwiel zoomt.</translation>
    </message>
    <message>
        <source>Scroll the timeline</source>
        <translation>De tijdlijn verschuiven</translation>
    </message>
    <message>
        <source>Client manager</source>
        <translation>Klantmanager</translation>
    </message>
    <message>
        <source>No notes in this layer</source>
        <translation>Geen aantekeningen in deze laag</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::TransportBar</name>
    <message>
        <source>Position. PageUp/PageDown: 5 seconds back/forward; Home/End: start/end; Left/Right: one second.</source>
        <translation>Positie. PageUp/PageDown: 5 seconden terug/vooruit; Home/End: begin/einde; pijl links/rechts: één seconde.</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Positie</translation>
    </message>
    <message>
        <source>Position / length (minutes:seconds.milliseconds)</source>
        <translation>Positie / lengte (minuten:seconden.milliseconden)</translation>
    </message>
    <message>
        <source>Picture back</source>
        <translation>Beeld terug</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Afspelen</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Afspelen of pauzeren (spatiebalk)</translation>
    </message>
    <message>
        <source>Picture forward</source>
        <translation>Beeld vooruit</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pauzeren</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Playback speed; voices keep their pitch (Up/Down arrows when selected)</source>
        <translation>Afspeelsnelheid; stemmen houden hun toonhoogte (pijl omhoog/omlaag als dit veld is gekozen)</translation>
    </message>
    <message>
        <source>&amp;Speed:</source>
        <translation>&amp;Snelheid:</translation>
    </message>
    <message>
        <source>Sound off/on (M)</source>
        <translation>Geluid uit/aan (M)</translation>
    </message>
    <message>
        <source>Sound off</source>
        <translation>Geluid uit</translation>
    </message>
    <message>
        <source>Volume (Up/Down arrows when selected)</source>
        <translation>Volume (pijl omhoog/omlaag als dit veld is gekozen)</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>No audio device was found: the recording plays without sound.</source>
        <translation>Er is geen geluidsapparaat gevonden: de opname speelt zonder geluid.</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>One picture back (comma)</source>
        <translation>Eén beeld terug (komma)</translation>
    </message>
    <message>
        <source>One picture forward (period)</source>
        <translation>Eén beeld vooruit (punt)</translation>
    </message>
    <message>
        <source>The marked range starts at the picture shown (I)</source>
        <translation>Het gemarkeerde stuk begint bij het getoonde beeld (I)</translation>
    </message>
    <message>
        <source>Mark in</source>
        <translation>Begin markeren</translation>
    </message>
    <message>
        <source>The marked range ends after the picture shown (O)</source>
        <translation>Het gemarkeerde stuk eindigt na het getoonde beeld (O)</translation>
    </message>
    <message>
        <source>Mark out</source>
        <translation>Einde markeren</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Herhalen</translation>
    </message>
    <message>
        <source>Play the marked range over and over (R)</source>
        <translation>Het gemarkeerde stuk steeds opnieuw afspelen (R)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>Clear the marked range (Shift+X)</source>
        <translation>Het gemarkeerde stuk wissen (Shift+X)</translation>
    </message>
    <message>
        <source>Clear the marked range</source>
        <translation>Gemarkeerd stuk wissen</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Stuk:</translation>
    </message>
    <message>
        <source>Range %1 – %2</source>
        <translation>Stuk %1 – %2</translation>
    </message>
    <message>
        <source>Range from %1 (mark out with O)</source>
        <translation>Stuk vanaf %1 (einde markeren met O)</translation>
    </message>
    <message>
        <source>Range up to %1 (mark in with I)</source>
        <translation>Stuk tot %1 (begin markeren met I)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Begin</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Einde</translation>
    </message>
    <message>
        <source>Nothing is marked yet: mark a start (I) and an end (O).</source>
        <translation>Er is nog niets gemarkeerd: markeer een begin (I) en een einde (O).</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::WithdrawalDialog</name>
    <message>
        <source>Register a citizen&apos;s withdrawal</source>
        <translation>Intrekking van een inwoner vastleggen</translation>
    </message>
    <message>
        <source>The citizen withdrew their consent. Type the withdrawal code from their receipt: the recording is erased at once, with everything noted about it.</source>
        <translation>De inwoner heeft de toestemming ingetrokken. Typ de intrekcode van het toestemmingsbewijs van de inwoner. De opname wordt meteen gewist, met alles wat erover is genoteerd.</translation>
    </message>
    <message>
        <source>&amp;Withdrawal code:</source>
        <translation>&amp;Intrekcode:</translation>
    </message>
    <message>
        <source>&amp;Look up</source>
        <translation>&amp;Opzoeken</translation>
    </message>
    <message>
        <source>&amp;Erase this recording</source>
        <translation>Deze opname &amp;wissen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>The code checks out: %1</source>
        <translation>De code klopt: %1</translation>
    </message>
    <message>
        <source>A code looks like VS-7K3M-Q9P5; spaces and small letters are fine.</source>
        <translation>Een code ziet eruit als VS-7K3M-Q9P5. Spaties en kleine letters mogen ook.</translation>
    </message>
    <message>
        <source>This recording is already %1.</source>
        <translation>Deze opname is al %1.</translation>
    </message>
    <message>
        <source>This erases the recording of %1, recorded on %2 (%3), with consent for: %4.
Its annotations, pictures and sound curve go too, also for coaches it is shared with. This cannot be undone.</source>
        <translation>Hiermee wist u de opname van %1, opgenomen op %2 (%3), met toestemming voor: %4.
De aantekeningen, afbeeldingen en geluidscurve worden ook gewist, ook voor coaches met wie de opname gedeeld is. Dit kunt u niet ongedaan maken.</translation>
    </message>
</context>
</TS>
