@echo off
rem Windows twin of share.sh (see README.md); it runs share.sh with bash from Git for Windows or WSL.
call "%~dp0lib\bash.bat" share %*
exit /b %ERRORLEVEL%
