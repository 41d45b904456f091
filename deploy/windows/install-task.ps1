# Registers a Task Scheduler task that starts the kiosk at logon of the current user and
# restarts it when it stops. Run in PowerShell as the kiosk user:
#   powershell -ExecutionPolicy Bypass -File deploy\windows\install-task.ps1
$cmd = Join-Path $PSScriptRoot "renkei-kiosk.cmd"
$action = New-ScheduledTaskAction -Execute $cmd
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $env:USERNAME
$settings = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries
Register-ScheduledTask -TaskName "renkei-kiosk" -Action $action -Trigger $trigger -Settings $settings -Force
