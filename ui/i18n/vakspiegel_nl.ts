<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>Main</name>
    <message>
        <source>The vault directory.</source>
        <translation>De map van de kluis.</translation>
    </message>
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
        <source>No vault was given. Start Vakspiegel with --vault DIR (or set VAKSPIEGEL_VAULT).</source>
        <translation>Er is geen kluis opgegeven. Start Vakspiegel met --vault MAP (of zet VAKSPIEGEL_VAULT).</translation>
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
</context>
<context>
    <name>vakspiegel::ui::PlayerController</name>
    <message>
        <source>The sound could not be played (the audio device reported an error). The picture goes on without sound.</source>
        <translation>Het geluid kan niet worden afgespeeld (het geluidsapparaat meldt een fout). Het beeld gaat door zonder geluid.</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::PlayerWindow</name>
    <message>
        <source>%1  ·  %2</source>
        <translation>%1  ·  %2</translation>
    </message>
    <message>
        <source>Own recording</source>
        <translation>Eigen opname</translation>
    </message>
    <message>
        <source>Shared by %1</source>
        <translation>Gedeeld door %1</translation>
    </message>
    <message>
        <source>%1 · erased on %2</source>
        <translation>%1 · wordt gewist op %2</translation>
    </message>
    <message>
        <source>Vakspiegel – %1</source>
        <translation>Vakspiegel – %1</translation>
    </message>
    <message>
        <source>&amp;Recordings</source>
        <translation>&amp;Opnamen</translation>
    </message>
    <message>
        <source>Choose a recording and press Enter to watch it.</source>
        <translation>Kies een opname en druk op Enter om hem te bekijken.</translation>
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
        <source>Choose a recording on the left.</source>
        <translation>Kies links een opname.</translation>
    </message>
    <message>
        <source>No audio device was found: recordings play without sound.</source>
        <translation>Er is geen geluidsapparaat gevonden: opnamen spelen zonder geluid.</translation>
    </message>
    <message>
        <source>Logged in as %1 (%2)</source>
        <translation>Aangemeld als %1 (%2)</translation>
    </message>
    <message>
        <source>There are no recordings you may watch.</source>
        <translation>Er zijn geen opnamen die u mag bekijken.</translation>
    </message>
    <message>
        <source>Recording of %1 (%2×%3)</source>
        <translation>Opname van %1 (%2×%3)</translation>
    </message>
</context>
<context>
    <name>vakspiegel::ui::TransportBar</name>
    <message>
        <source>Position. PageUp/PageDown: 5 seconds back/forward; Home/End: start/end; Left/Right: one picture.</source>
        <translation>Positie. PageUp/PageDown: 5 seconden vooruit/terug; Home/End: begin/einde; pijl links/rechts: één beeld.</translation>
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
        <source>One picture back (Left arrow or comma)</source>
        <translation>Eén beeld terug (pijl links of komma)</translation>
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
        <source>One picture forward (Right arrow or period)</source>
        <translation>Eén beeld vooruit (pijl rechts of punt)</translation>
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
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Loop from the picture shown (A)</source>
        <translation>Herhalen vanaf het getoonde beeld (A)</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Loop up to and including the picture shown (B)</source>
        <translation>Herhalen tot en met het getoonde beeld (B)</translation>
    </message>
    <message>
        <source>Clear loop</source>
        <translation>Herhaling uit</translation>
    </message>
    <message>
        <source>Stop looping (L)</source>
        <translation>Stoppen met herhalen (L)</translation>
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
        <source>Loop:</source>
        <translation>Herhalen:</translation>
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
        <source>Loop %1 – %2</source>
        <translation>Herhalen %1 – %2</translation>
    </message>
    <message>
        <source>Loop from %1 (set B)</source>
        <translation>Herhalen vanaf %1 (zet B)</translation>
    </message>
    <message>
        <source>Loop up to %1 (set A)</source>
        <translation>Herhalen tot %1 (zet A)</translation>
    </message>
</context>
<context>
    <name>UseCaseRunner</name>
    <message>
        <source>You are logged out. Log in again to go on.</source>
        <translation>U bent afgemeld. Meld u opnieuw aan om verder te gaan.</translation>
    </message>
</context>
</TS>
