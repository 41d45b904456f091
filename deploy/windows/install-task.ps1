# Registers the Task Scheduler task that starts the kiosk when the kiosk user logs on, at
# normal priority, with no console window, and keeps it running:
#   - renkei-kiosk-keeper.exe (a [project.gui-scripts] entry: pythonw, no console) starts
#     `renkei-kiosk run` and restarts it after a crash, or when its heartbeat file stops
#     (a hung kiosk); it stays stopped after staff press exit (X) on the staff panel;
#   - the task's own restart settings restart the keeper if it ever stops.
# Run in PowerShell as the kiosk user (docs/install-windows.md):
#   powershell -ExecutionPolicy Bypass -File deploy\windows\install-task.ps1 [-Content C:\kiosk-content]
param(
    [string]$Content = (Join-Path $env:USERPROFILE "kiosk-content"),
    [string]$Venv = (Join-Path (Split-Path (Split-Path $PSScriptRoot)) ".venv")
)
$ErrorActionPreference = "Stop"

$keeper = Join-Path $Venv "Scripts\renkei-kiosk-keeper.exe"
if (-not (Test-Path $keeper)) {
    throw "$keeper not found: install the kiosk first (py -m venv .venv; .venv\Scripts\pip install .)"
}
$action = New-ScheduledTaskAction -Execute $keeper -Argument "--content `"$Content`""
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $env:USERNAME
$principal = New-ScheduledTaskPrincipal -UserId $env:USERNAME -LogonType Interactive -RunLevel Limited
# RestartCount must be 1..255 (Task Scheduler refuses more); Priority 4 is normal (the
# default, 7, is below normal: the kiosk would lose the CPU to anything else)
$settings = New-ScheduledTaskSettingsSet `
    -RestartCount 255 `
    -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) `
    -Priority 4 `
    -MultipleInstances IgnoreNew `
    -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -StartWhenAvailable
Register-ScheduledTask -TaskName "renkei-kiosk" -Action $action -Trigger $trigger `
    -Principal $principal -Settings $settings -Force | Out-Null
Write-Host "Registered the task renkei-kiosk: the kiosk starts at the next logon of $env:USERNAME."
Write-Host "Start it now with: Start-ScheduledTask -TaskName renkei-kiosk"
