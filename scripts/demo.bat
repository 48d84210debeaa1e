@echo off
rem Windows twin of demo.sh (see README.md); it runs demo.sh with bash from Git for Windows or WSL.
call "%~dp0lib\bash.bat" demo %*
exit /b %ERRORLEVEL%
