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
</context>
<context>
    <name>Placeholder</name>
    <message>
        <source>The review workstation is being built. Until then, use vakspiegel-cli.</source>
        <translation>De werkplek wordt gebouwd. Gebruik tot die tijd vakspiegel-cli.</translation>
    </message>
</context>
</TS>
