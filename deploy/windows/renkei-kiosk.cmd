@echo off
rem Starts the kiosk and restarts it if it ever exits (crash or staff exit).
rem Put a shortcut to this file in shell:startup of the kiosk user (auto-logon),
rem or register it with deploy\windows\install-task.ps1.
set KIOSK=%~dp0..\..
:loop
"%KIOSK%\.venv\Scripts\renkei-kiosk.exe" run --content "%USERPROFILE%\kiosk-content"
timeout /t 3 /nobreak >nul
goto loop
