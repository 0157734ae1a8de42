<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>Placeholder</name>
    <message>
        <source>The review workstation is being built. Until then, use vakspiegel-cli.</source>
        <translation>De werkplek wordt gebouwd. Gebruik tot die tijd vakspiegel-cli.</translation>
    </message>
</context>
</TS>
